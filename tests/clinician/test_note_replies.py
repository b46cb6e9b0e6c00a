"""A patient answers a clinician's note; the note's clinician reads the answer on the
summary. Nobody else does."""

import re

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.models import AccessLog, NoteReply
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(patient, doctor):
    return sharing.add_note(doctor, patient, "Try heat before bed.", visible_to_patient=True)


def reply_url(note):
    return reverse("diary:note_reply", args=[note.pk])


def summary_url(patient):
    return reverse("admin:diary_sharedpatient_summary", args=[patient.pk])


def test_a_patient_replies_from_the_dashboard_and_goes_back_to_the_note(
    patient_client, patient, note
):
    response = patient_client.post(
        reply_url(note), {"text": " It helped twice. ", "back": "dashboard"}
    )

    reply = NoteReply.objects.get()
    assert (reply.note, reply.author, reply.text) == (note, patient, "It helped twice.")
    assert response.status_code == 302
    assert response.url == reverse("diary:dashboard") + f"#note-{note.pk}"


def test_the_reply_shows_under_the_note_on_the_dashboard(patient_client, patient, note):
    sharing.add_reply(patient, note, "It helped twice.")

    page = patient_client.get(reverse("diary:dashboard")).content.decode()

    item = page[page.index(f'id="note-{note.pk}"') :]
    assert item.index("Try heat before bed.") < item.index("It helped twice.")
    assert "You replied" in item
    assert f'action="{reply_url(note)}"' in item


def test_a_reply_from_the_sharing_page_goes_back_there(patient_client, note):
    response = patient_client.post(reply_url(note), {"text": "Thanks", "back": "sharing"})

    assert response.url == reverse("diary:sharing") + f"#note-{note.pk}"


def test_the_reply_form_is_labelled(patient_client, note):
    page = patient_client.get(reverse("diary:sharing")).content.decode()

    assert re.search(rf'<label\s+for="id_reply_{note.pk}_text"', page)
    assert f'id="id_reply_{note.pk}_text"' in page


def test_an_empty_reply_is_refused_beside_the_field(patient_client, note):
    response = patient_client.post(reply_url(note), {"text": "   ", "back": "dashboard"})

    assert response.status_code == 422
    page = response.content.decode()
    item = page[page.index(f'id="note-{note.pk}"') :]
    assert "Write your reply first." in item
    assert not NoteReply.objects.exists()


def test_a_reply_too_long_is_refused_and_kept(patient_client, note):
    text = "word " * 500

    response = patient_client.post(reply_url(note), {"text": text, "back": "sharing"})

    assert response.status_code == 422
    page = response.content.decode()
    assert "A reply can be 2000 characters at most" in page
    assert text.strip() in page
    assert "Sharing your diary" in page  # the page it was sent from
    assert not NoteReply.objects.exists()


def test_replying_is_a_post(patient_client, note):
    assert patient_client.get(reply_url(note)).status_code == 405


def test_a_patient_cannot_reply_to_another_patients_note(client, stranger, note):
    client.force_login(stranger)

    assert client.post(reply_url(note), {"text": "Hello"}).status_code == 404
    assert not NoteReply.objects.exists()


def test_a_patient_cannot_reply_to_a_note_kept_private_from_them(patient_client, patient, doctor):
    private = sharing.add_note(doctor, patient, "Consider a referral.")

    assert patient_client.post(reply_url(private), {"text": "Hello"}).status_code == 404
    assert not NoteReply.objects.exists()


def test_a_note_whose_clinician_left_takes_no_reply(patient_client, doctor, note):
    doctor.delete()

    page = patient_client.get(reverse("diary:dashboard")).content.decode()

    assert "Try heat before bed." in page and f'action="{reply_url(note)}"' not in page
    assert patient_client.post(reply_url(note), {"text": "Hello"}).status_code == 404


def test_the_clinician_reads_the_reply_on_the_summary_and_the_read_is_logged(
    client, patient, doctor, note
):
    sharing.grant(patient, doctor)
    sharing.add_reply(patient, note, "It helped twice.")
    client.force_login(doctor)

    page = client.get(summary_url(patient)).content.decode()

    notes = page[page.index('id="your-notes"') :]
    assert notes.index("Try heat before bed.") < notes.index("It helped twice.")
    assert "The patient replied" in notes
    assert AccessLog.objects.filter(
        patient=patient, clinician=doctor, action=AccessLog.Action.SUMMARY
    ).exists()


def test_another_clinician_the_patient_shares_with_does_not_read_it(
    client, patient, other_doctor, note
):
    sharing.grant(patient, other_doctor)
    sharing.add_reply(patient, note, "It helped twice.")
    client.force_login(other_doctor)

    assert "It helped twice." not in client.get(summary_url(patient)).content.decode()


def test_a_clinician_no_longer_shared_with_cannot_open_it(client, patient, doctor, note):
    share = sharing.grant(patient, doctor)
    sharing.add_reply(patient, note, "It helped twice.")
    sharing.revoke(share)
    client.force_login(doctor)

    assert client.get(summary_url(patient)).status_code == 404


def test_a_reply_only_goes_to_a_note_shown_to_that_patient(patient, stranger, doctor, note):
    private = sharing.add_note(doctor, patient, "Consider a referral.")

    with pytest.raises(ValueError):
        sharing.add_reply(stranger, note, "Hello")
    with pytest.raises(ValueError):
        sharing.add_reply(patient, private, "Hello")


def test_the_summary_costs_the_same_queries_for_one_reply_or_many(
    client, patient, doctor, note, django_assert_max_num_queries
):
    sharing.grant(patient, doctor)
    client.force_login(doctor)
    sharing.add_reply(patient, note, "One")
    client.get(summary_url(patient))  # warm the first request's caches
    small = count_queries(client, summary_url(patient))

    for number in range(5):
        extra = sharing.add_note(doctor, patient, f"Note {number}", visible_to_patient=True)
        sharing.add_reply(patient, extra, "Reply")

    with django_assert_max_num_queries(small):
        client.get(summary_url(patient))
