"""Clinicians' notes: their own to read and edit; the visible ones reach the patient."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from diary.care import sharing
from diary.care.share_forms import with_reply_forms
from diary.models import ClinicianNote

pytestmark = pytest.mark.django_db

NOTES = reverse("admin:diary_cliniciannote_changelist")


def test_the_feedback_include_shows_visible_notes_with_who_wrote_them(patient, doctor):
    doctor.first_name, doctor.last_name = "Ana", "Lee"
    doctor.save()
    sharing.add_note(doctor, patient, "Try heat\nbefore bed.", visible_to_patient=True)
    sharing.add_note(doctor, patient, "Private.")

    html = render_to_string(
        "diary/includes/clinician_feedback.html",
        {"clinician_feedback": with_reply_forms(sharing.feedback_for(patient), "dashboard")},
    )

    assert "From your clinician" in html
    assert "Try heat<br>before bed." in html and "Ana Lee" in html
    assert "Private." not in html


def test_the_feedback_include_is_empty_without_notes(patient):
    html = render_to_string(
        "diary/includes/clinician_feedback.html",
        {"clinician_feedback": sharing.feedback_for(patient)},
    )

    assert html.strip() == ""


def test_a_clinician_lists_only_their_own_notes_on_patients_they_still_see(
    doctor_client, patient, stranger, doctor, other_doctor, shared
):
    mine = sharing.add_note(doctor, patient, "Mine")
    sharing.add_note(other_doctor, patient, "Another clinician's")
    sharing.add_note(doctor, stranger, "About someone who stopped sharing")

    response = doctor_client.get(NOTES)

    assert list(response.context["cl"].result_list) == [mine]


def test_a_clinician_can_correct_their_own_note(doctor_client, patient, doctor, shared):
    note = sharing.add_note(doctor, patient, "Typo", visible_to_patient=True)

    doctor_client.post(
        reverse("admin:diary_cliniciannote_change", args=[note.pk]),
        {"text": "Fixed", "visible_to_patient": ""},
    )

    note.refresh_from_db()
    assert (note.text, note.visible_to_patient) == ("Fixed", False)


def test_a_clinician_cannot_touch_another_clinicians_note(
    doctor_client, patient, other_doctor, shared
):
    note = sharing.add_note(other_doctor, patient, "Theirs")

    doctor_client.post(reverse("admin:diary_cliniciannote_delete", args=[note.pk]), {"post": "yes"})

    assert ClinicianNote.objects.filter(pk=note.pk).exists()


def test_review_marks_are_read_only_and_the_clinicians_own(
    doctor_client, patient, doctor, other_doctor, shared
):
    mine = sharing.mark_reviewed(doctor, patient, "2025-03-01")
    sharing.mark_reviewed(other_doctor, patient, "2025-03-02")

    response = doctor_client.get(reverse("admin:diary_reviewmark_changelist"))

    assert list(response.context["cl"].result_list) == [mine]
    assert doctor_client.get(reverse("admin:diary_reviewmark_add")).status_code == 403
