"""The clinician's admin speaks to a clinician: "Activity", "Trigger", not the patient's wording."""

import re

import pytest
from django.urls import reverse

from tests.conftest import today_for

pytestmark = pytest.mark.django_db

PATIENT_WORDING = [
    "what you were doing",
    "when you took it",
    "I take this now",
    "did it help?",
    "how bad (0–10)",
    "when it started",
    "how long it lasted",
]


def filter_titles(page):
    return re.findall(r"<summary>\s*By (.+?)\s*</summary>", page)


def column_titles(page):
    return [
        title.strip()
        for title in re.findall(r'<div class="text">(?:<a[^>]*>|<span>)([^<]+)<', page)
    ]


@pytest.fixture
def everything(diary, patient, shared):
    today = today_for(patient)
    diary.spasm(today, triggers=["cold"], activity="rest", duration_seconds=90)
    diary.dose(diary.medication("Magnesium"), today)
    diary.session(today, "heat", before=6, after=3, helped=2, minutes=10)
    diary.check_in(today, stress=4)


def test_the_spasm_lists_filters_speak_to_a_clinician(doctor_client, everything):
    page = doctor_client.get(reverse("admin:diary_spasm_changelist")).content.decode()

    titles = filter_titles(page)

    assert {"activity", "trigger", "kind", "body area", "intensity"} <= set(titles)


def test_the_spasm_lists_columns_speak_to_a_clinician(doctor_client, everything):
    page = doctor_client.get(reverse("admin:diary_spasm_changelist")).content.decode()

    assert column_titles(page)[:6] == [
        "Started",
        "Patient",
        "Intensity",
        "Duration",
        "Body area",
        "Trigger",
    ]


@pytest.mark.parametrize("model", ["spasm", "dose", "medication", "techniquesession", "checkin"])
def test_no_list_uses_the_patients_own_wording(doctor_client, everything, model):
    page = doctor_client.get(reverse(f"admin:diary_{model}_changelist")).content.decode()

    for words in PATIENT_WORDING:
        assert words.lower() not in page.lower(), words


@pytest.mark.parametrize("model", ["spasm", "dose", "medication", "techniquesession"])
def test_no_entry_page_uses_the_patients_own_wording(doctor_client, everything, model):
    listed = doctor_client.get(reverse(f"admin:diary_{model}_changelist")).context["cl"]
    entry = listed.result_list[0]

    page = doctor_client.get(reverse(f"admin:diary_{model}_change", args=[entry.pk]))

    for words in PATIENT_WORDING:
        assert words.lower() not in page.content.decode().lower(), words


def test_a_medicine_taken_now_is_shown_as_taking_now(doctor_client, everything):
    page = doctor_client.get(reverse("admin:diary_medication_changelist")).content.decode()

    assert "Taking now" in column_titles(page)
    assert "taking now" in filter_titles(page)
