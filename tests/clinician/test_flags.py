"""The three flags, computed in SQL per patient, each with a known answer."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from diary.care.overview import with_flags
from tests.conftest import Diary

pytestmark = pytest.mark.django_db


def flags_of(patient, now=None):
    row = with_flags(get_user_model().objects.filter(pk=patient.pk), now=now).get()
    return {name for name in ("flag_severe_run", "flag_rising", "flag_quiet") if getattr(row, name)}


def days_before(patient, days):
    return timezone.localdate(timezone=patient.zone) - dt.timedelta(days=days)


def test_severe_spasms_on_three_days_running_raise_the_severe_flag(patient, diary):
    for days_ago in (5, 4, 3):
        diary.spasm(days_before(patient, days_ago), intensity=7)

    assert "flag_severe_run" in flags_of(patient)


def test_a_gap_in_the_run_does_not_raise_the_severe_flag(patient, diary):
    for days_ago in (6, 5, 3, 2):
        diary.spasm(days_before(patient, days_ago), intensity=9)
    diary.spasm(days_before(patient, 4), intensity=6)

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
    for days_ago in (34, 30, 26, 22, 18, 14, 10, 8):
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


def test_a_diary_younger_than_five_weeks_has_no_baseline_so_it_is_never_rising(patient, diary):
    # Every spasm of the diary is in the last 7 days: no 4 weeks before to compare with.
    for days_ago in (1, 2, 3, 4, 5, 6):
        diary.spasm(days_before(patient, days_ago))

    assert "flag_rising" not in flags_of(patient)


def test_the_flags_count_the_patients_own_days_not_the_servers(make_user):
    # 11:30 UTC on 8 March is already 00:30 on 9 March in Auckland (UTC+13).
    patient = make_user("far_east", time_zone="Pacific/Auckland")
    now = dt.datetime(2025, 3, 8, 11, 30, tzinfo=dt.UTC)
    assert timezone.localdate(now) == dt.date(2025, 3, 8)
    # A severe run on 7, 8 and 9 February: it starts 30 days before the server's
    # 8 March, but 31 days before the patient's own 9 March, so it is too old.
    for day in (7, 8, 9):
        Diary(patient).spasm(dt.date(2025, 2, day), intensity=9)

    assert "flag_severe_run" not in flags_of(patient, now=now)


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
