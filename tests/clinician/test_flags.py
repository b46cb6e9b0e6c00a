"""The three flags, computed in SQL per patient, each with a known answer."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from diary.sharing import with_flags

pytestmark = pytest.mark.django_db


def flags_of(patient, now=None):
    row = with_flags(get_user_model().objects.filter(pk=patient.pk), now=now).get()
    return {name for name in ("flag_severe_run", "flag_rising", "flag_quiet") if getattr(row, name)}


def days_before(patient, days):
    return timezone.localdate(timezone=patient.zone) - dt.timedelta(days=days)


def test_intensity_8_on_three_days_running_raises_the_severe_flag(patient, diary):
    for days_ago in (5, 4, 3):
        diary.spasm(days_before(patient, days_ago), intensity=8)

    assert "flag_severe_run" in flags_of(patient)


def test_a_gap_in_the_run_does_not_raise_the_severe_flag(patient, diary):
    for days_ago in (6, 5, 3, 2):
        diary.spasm(days_before(patient, days_ago), intensity=9)
    diary.spasm(days_before(patient, 4), intensity=7)

    assert "flag_severe_run" not in flags_of(patient)


def test_several_severe_spasms_on_one_day_are_not_a_run(patient, diary):
    for hour in (8, 12, 16):
        diary.spasm(days_before(patient, 2), hour=hour, intensity=10)

    assert "flag_severe_run" not in flags_of(patient)


def test_a_run_long_ago_does_not_raise_the_severe_flag(patient, diary):
    for days_ago in (62, 61, 60):
        diary.spasm(days_before(patient, days_ago), intensity=10)

    assert "flag_severe_run" not in flags_of(patient)


def test_spasms_per_day_doubling_against_the_previous_4_weeks_raises_the_rising_flag(
    patient, diary
):
    # The 4 weeks before: 8 spasms, 2 a week. The last 7 days: 4, twice that rate.
    for days_ago in range(8, 36, 4)[:8]:
        diary.spasm(days_before(patient, days_ago))
    for days_ago in (1, 2, 3, 4):
        diary.spasm(days_before(patient, days_ago))

    assert "flag_rising" in flags_of(patient)


def test_a_rise_short_of_double_does_not_raise_the_rising_flag(patient, diary):
    # The 4 weeks before: 12 spasms, 3 a week. The last 7 days: 5, not 6.
    for days_ago in range(9, 33, 2):
        diary.spasm(days_before(patient, days_ago))
    for days_ago in (1, 2, 3, 4, 5):
        diary.spasm(days_before(patient, days_ago))

    assert "flag_rising" not in flags_of(patient)


def test_one_or_two_spasms_after_a_quiet_month_are_not_a_rise(patient, diary):
    diary.spasm(days_before(patient, 1))
    diary.spasm(days_before(patient, 2))

    assert "flag_rising" not in flags_of(patient)


def test_nothing_logged_for_7_days_raises_the_quiet_flag(patient, diary):
    spasm = diary.spasm(days_before(patient, 9))
    diary.backdate(spasm, timezone.now() - dt.timedelta(days=9))

    assert flags_of(patient) == {"flag_quiet"}


def test_any_kind_of_entry_keeps_the_quiet_flag_down(patient, diary):
    diary.check_in(days_before(patient, 0), stress=3)

    assert "flag_quiet" not in flags_of(patient)


def test_a_patient_who_never_logged_is_quiet(patient):
    assert flags_of(patient) == {"flag_quiet"}


def test_flags_are_per_patient(patient, stranger, diary, stranger_diary):
    for days_ago in (3, 2, 1):
        stranger_diary.spasm(days_before(stranger, days_ago), intensity=9)
    diary.spasm(days_before(patient, 1), intensity=2)

    assert flags_of(patient) == set()
    assert "flag_severe_run" in flags_of(stranger)
