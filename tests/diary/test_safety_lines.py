"""After a log that may need more than self-care, one calm line says where to get
help: never a pop-up, never in the way of the save, and the patient can turn it off."""

import uuid

import pytest
from django.urls import reverse

from diary.models import CheckIn, Spasm

pytestmark = pytest.mark.django_db

QUICK = reverse("diary:quick_spasm")
CHECK_IN = reverse("diary:check_in")
WHEN_TO_GET_HELP = reverse("education:page", args=["when-to-seek-care"])


def log_spasm(client, area, intensity):
    data = {"area": area, "intensity": intensity, "client_token": str(uuid.uuid4())}
    return client.post(QUICK, data, follow=True).content.decode()


def check_in(client, **answers):
    data = {"client_token": str(uuid.uuid4()), **answers}
    return client.post(CHECK_IN, data, follow=True).content.decode()


def test_a_strong_chest_spasm_points_to_calling_for_help_now(patient_client, settings):
    settings.EMERGENCY_NUMBER = "999"

    page = log_spasm(patient_client, "chest", 7)

    assert "If you have chest pain or tightness, or trouble breathing, call 999 now." in page
    assert f'href="{WHEN_TO_GET_HELP}#emergency"' in page


def test_without_the_hosts_number_the_line_says_your_local_emergency_number(patient_client):
    page = log_spasm(patient_client, "chest", 9)

    assert "call your local emergency number now" in page


def test_the_line_never_stops_the_spasm_being_saved(patient_client, patient):
    page = log_spasm(patient_client, "chest", 10)

    assert Spasm.objects.filter(owner=patient, intensity=10).count() == 1
    assert "Saved." in page and "Undo" in page


def test_a_chest_spasm_below_severe_adds_no_line(patient_client):
    page = log_spasm(patient_client, "chest", 6)

    assert "#emergency" not in page


def test_a_strong_spasm_elsewhere_adds_no_line(patient_client):
    page = log_spasm(patient_client, "lower-back", 9)

    assert "safety-line" not in page


def test_a_strong_belly_spasm_points_to_a_clinician_today(patient_client):
    page = log_spasm(patient_client, "abdomen", 8)

    assert "call your clinician today" in page
    assert f'href="{WHEN_TO_GET_HELP}#today"' in page


def test_a_check_in_with_the_lowest_mood_points_to_the_crisis_line(patient_client, settings):
    settings.CRISIS_LINE = "Samaritans 116 123"
    settings.EMERGENCY_NUMBER = "999"

    page = check_in(patient_client, mood="0")

    assert "If you ever think about harming yourself, call Samaritans 116 123 or 999 now." in page
    assert f'href="{WHEN_TO_GET_HELP}#crisis"' in page
    assert "Check-in saved. Thank you." in page


def test_a_low_but_not_lowest_mood_adds_no_line(patient_client, patient):
    page = check_in(patient_client, mood="1")

    assert CheckIn.objects.get(owner=patient).mood == 1
    assert "#crisis" not in page


def test_a_patient_who_turned_the_lines_off_sees_none(patient_client, patient):
    patient.safety_lines_enabled = False
    patient.save()

    spasm_page = log_spasm(patient_client, "chest", 9)
    check_in_page = check_in(patient_client, mood="0")

    assert "#emergency" not in spasm_page
    assert "#crisis" not in check_in_page


def test_the_profile_has_the_switch_for_the_lines(patient_client, patient):
    page = patient_client.get(reverse("profile")).content.decode()

    assert 'name="safety_lines_enabled"' in page
    assert "After a log that may need help, show where to get it" in page


def test_editing_a_spasm_into_a_strong_chest_spasm_adds_the_line(
    patient_client, patient, make_spasm
):
    spasm = make_spasm(patient, intensity=3, areas=("chest",))
    edit = reverse("diary:entry_edit", args=["spasms", spasm.pk])
    form = patient_client.get(edit).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        intensity="8",
        body_areas=["chest"],
        started_at=spasm.started_at.astimezone(patient.zone).strftime("%Y-%m-%dT%H:%M"),
    )

    page = patient_client.post(edit, data, follow=True).content.decode()

    assert "Your changes are saved." in page
    assert f'href="{WHEN_TO_GET_HELP}#emergency"' in page
