"""The appointment report speaks of the patient when a clinician reads it, and to them when
they read it themselves; the figures are the same either way (tests/clinician/test_one_truth.py)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.conftest import today_for

pytestmark = pytest.mark.django_db

REPORT = reverse("diary:report")


@pytest.fixture
def new_diary(diary, patient):
    """A diary begun five days ago: the report's period is cut to those days."""
    today = today_for(patient)
    diary.spasm(today - dt.timedelta(days=4), intensity=6)
    diary.spasm(today, intensity=4)
    diary.session(today, "heat", before=6, after=3)
    return diary


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_clinician_reads_the_report_in_the_third_person(
    doctor_client, patient, shared, new_diary
):
    page = text(doctor_client.get(REPORT, {"patient": patient.pk}))

    assert "Their diary began on" in page
    assert "days since they started" in page
    assert "spasms logged by the patient" in page
    assert "On nights the patient slept 4 hours or less: not enough check-ins yet" in page
    assert "What the patient tried, and how often it helped" in page
    for second_person in ("Your diary", "you started", "you slept", "What you tried", "you said"):
        assert second_person not in page, second_person


def test_the_patient_reads_their_own_report_in_the_second_person(patient_client, new_diary):
    page = text(patient_client.get(REPORT))

    assert "Your diary began on" in page
    assert "days since you started" in page
    assert "What you tried, and how often it helped" in page
    assert "the patient slept" not in page


def test_the_report_writes_its_days_as_the_patients_pages_do(
    doctor_client, patient, shared, new_diary
):
    first = today_for(patient) - dt.timedelta(days=4)

    page = text(doctor_client.get(REPORT, {"patient": patient.pk}))

    assert f"Their diary began on {first.day} {first:%B %Y}" in page
