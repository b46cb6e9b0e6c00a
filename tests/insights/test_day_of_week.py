from datetime import date

import pytest

from diary.insights import Period, day_of_week

pytestmark = pytest.mark.django_db

# Tue 18 March .. Mon 31 March 2025: two of each weekday.
TWO_WEEKS = Period(date(2025, 3, 18), date(2025, 3, 31))


def test_it_counts_spasms_by_weekday_of_the_diary_day(diary):
    for _ in range(3):
        diary.spasm(date(2025, 3, 31))  # Monday
    diary.spasm(date(2025, 3, 24))  # Monday
    diary.spasm(date(2025, 3, 28))  # Friday
    diary.spasm(date(2025, 3, 21))  # Friday

    pattern = day_of_week(diary.owner, TWO_WEEKS)
    by_day = {s.key: s for s in pattern.slices}

    assert [s.key for s in pattern.slices] == [1, 2, 3, 4, 5, 6, 7]
    assert by_day[1].spasms == 4
    assert by_day[1].per_day == 2.0  # 4 spasms over 2 Mondays
    assert by_day[5].spasms == 2
    assert by_day[5].per_day == 1.0
    assert by_day[3].spasms == 0
    assert pattern.busiest.key == 1
    assert pattern.enough


def test_a_spasm_after_midnight_counts_on_the_diary_day_it_belongs_to(diary):
    # Logged at 1 am on Tuesday 25th but kept on Monday 24th's page.
    for _ in range(5):
        diary.spasm(date(2025, 3, 24), hour=1)

    by_day = {s.key: s.spasms for s in day_of_week(diary.owner, TWO_WEEKS).slices}

    assert by_day[1] == 5
