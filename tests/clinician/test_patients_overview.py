"""The figures of the patients list, computed in SQL, each with a known answer."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from diary.care import sharing
from diary.care.overview import with_overview

pytestmark = pytest.mark.django_db


def overview_of(patient, doctor, now=None):
    return with_overview(get_user_model().objects.filter(pk=patient.pk), doctor, now=now).get()


def test_a_patient_with_an_empty_diary_has_zeros_and_no_last_entry(patient, doctor):
    row = overview_of(patient, doctor)

    assert row.last_entry_at is None
    assert (row.spasms_7d, row.spasms_30d, row.check_in_days_30d) == (0, 0, 0)
    assert row.mean_intensity_30d is None
    assert row.top_trigger is None
    assert row.reviewed_up_to is None


def test_it_counts_spasms_in_the_last_7_and_30_days(patient, doctor, diary):
    now = timezone.now()
    today = timezone.localdate(now, patient.zone)
    for days_ago, intensity in [(1, 4), (3, 6), (10, 8), (20, 2), (45, 10)]:
        diary.spasm(today - dt.timedelta(days=days_ago), intensity=intensity)

    row = overview_of(patient, doctor, now=now)

    assert row.spasms_7d == 2
    assert row.spasms_30d == 4
    assert row.mean_intensity_30d == pytest.approx(5.0)


def test_the_most_common_trigger_wins_and_ties_follow_the_catalogue_order(patient, doctor, diary):
    today = timezone.localdate(timezone=patient.zone)
    diary.spasm(today, triggers=["cold", "poor-sleep"])
    diary.spasm(today, triggers=["cold"])
    diary.spasm(today, triggers=["poor-sleep"])

    assert overview_of(patient, doctor).top_trigger == "Poor sleep"

    diary.spasm(today, triggers=["cold"])

    assert overview_of(patient, doctor).top_trigger == "Cold"


def test_the_last_entry_is_the_latest_of_any_kind(patient, doctor, diary):
    now = timezone.now()
    today = timezone.localdate(now, patient.zone)
    spasm = diary.spasm(today)
    check_in = diary.check_in(today, stress=3)
    diary.backdate(spasm, now - dt.timedelta(days=5))
    diary.backdate(check_in, now - dt.timedelta(days=2))

    row = overview_of(patient, doctor)

    assert row.last_entry_at == now - dt.timedelta(days=2)


def test_it_counts_days_with_a_check_in_in_the_last_30_days(patient, doctor, diary):
    today = timezone.localdate()
    for days_ago in (0, 1, 29, 30, 60):
        diary.check_in(today - dt.timedelta(days=days_ago), stress=5)

    assert overview_of(patient, doctor).check_in_days_30d == 3


def test_the_last_review_is_this_clinicians_own(patient, doctor, other_doctor):
    sharing.mark_reviewed(doctor, patient, dt.date(2025, 3, 1))
    sharing.mark_reviewed(doctor, patient, dt.date(2025, 3, 14))
    sharing.mark_reviewed(other_doctor, patient, dt.date(2025, 3, 20))

    assert overview_of(patient, doctor).reviewed_up_to == dt.date(2025, 3, 14)
