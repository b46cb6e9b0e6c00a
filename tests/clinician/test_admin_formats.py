"""One way to write a date and a duration: the admin's lists and pages, as on the patient's."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from diary.care import sharing
from diary.templatetags.diary_tags import duration
from tests.conftest import today_for

pytestmark = pytest.mark.django_db

EVENING = dt.datetime(2025, 3, 30, 19, 6, tzinfo=dt.UTC)  # the admin's clock is UTC in tests


def written(day):
    """A day as the patient's pages write it: "30 March 2025"."""
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(312, "5 min"), (45, "45 s"), (1200, "20 min"), (3720, "1 h 2 min"), (3600, "1 h")],
)
def test_a_duration_is_written_in_hours_minutes_and_seconds(seconds, text):
    assert duration(seconds) == text


def test_an_unknown_duration_is_written_as_nothing():
    assert duration(None) == ""


def test_the_spasm_list_writes_the_date_and_the_duration_like_the_patients_pages(
    doctor_client, diary, shared
):
    diary.spasm(when=EVENING, duration_seconds=312)

    page = doctor_client.get(reverse("admin:diary_spasm_changelist")).content.decode()

    assert "30 March 2025, 19:06" in page
    assert "5 min" in page
    assert "p.m." not in page
    assert "Mar. 30" not in page


def test_a_spasms_page_writes_the_date_and_the_duration_like_its_list(doctor_client, diary, shared):
    spasm = diary.spasm(when=EVENING, duration_seconds=312)

    page = doctor_client.get(reverse("admin:diary_spasm_change", args=[spasm.pk])).content.decode()

    assert "30 March 2025, 19:06" in page
    assert "5 min" in page
    assert ">312<" not in page


def test_a_technique_sessions_minutes_are_a_duration(doctor_client, diary, shared, patient):
    diary.session(today_for(patient), "heat", minutes=20)

    page = doctor_client.get(reverse("admin:diary_techniquesession_changelist")).content.decode()

    assert "20 min" in page


def test_the_patients_list_writes_the_day_reviewed_up_to_in_words(
    doctor_client, doctor, patient, shared
):
    day = today_for(patient) - dt.timedelta(days=3)
    sharing.mark_reviewed(doctor, patient, day)

    page = doctor_client.get(reverse("admin:diary_sharedpatient_changelist")).content.decode()

    assert re.search(rf'class="field-reviewed[^"]*">{written(day)}<', page)


def test_marking_as_reviewed_says_the_day_in_words(doctor_client, patient, shared):
    day = today_for(patient) - dt.timedelta(days=1)

    response = doctor_client.post(
        reverse("admin:diary_sharedpatient_review", args=[patient.pk]),
        {"period_end": day.isoformat(), "days": "30"},
    )

    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == [f"Marked as reviewed up to {written(day)}."]


def test_the_summary_writes_its_days_like_the_patients_pages(
    doctor_client, doctor, patient, shared
):
    day = today_for(patient)
    sharing.mark_reviewed(doctor, patient, day)
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    page = doctor_client.get(summary, {"days": 30}).content.decode()

    assert f"you reviewed up to {written(day)}" in page
    assert f"– {written(day)}" in page
