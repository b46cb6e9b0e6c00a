from datetime import date

import pytest

from diary.insights import Period, daily_trend
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

WEEK = Period(date(2025, 3, 25), date(2025, 3, 31))


def test_it_gives_every_day_of_the_period_even_empty_ones(diary):
    diary.spasm(date(2025, 3, 27), intensity=5)

    trend = daily_trend(diary.owner, WEEK)

    assert [day.day for day in trend.days] == list(WEEK.each_day())
    assert [day.spasms for day in trend.days] == [0, 0, 1, 0, 0, 0, 0]
    assert trend.days[0].mean_intensity is None
    assert trend.days[2].mean_intensity == 5.0


def test_it_averages_each_day(diary):
    diary.spasm(date(2025, 3, 25), intensity=4)
    diary.spasm(date(2025, 3, 25), intensity=7)

    first = daily_trend(diary.owner, WEEK).days[0]

    assert (first.spasms, first.mean_intensity) == (2, 5.5)


def test_the_rolling_line_reaches_back_before_the_period(diary):
    # 19 March is 6 days before the first day: inside its 7-day window.
    for _ in range(7):
        diary.spasm(date(2025, 3, 19), intensity=2)
    diary.spasm(date(2025, 3, 20), intensity=2)
    diary.spasm(date(2025, 3, 25), intensity=4)
    diary.spasm(date(2025, 3, 25), intensity=6)

    days = daily_trend(diary.owner, WEEK).days

    # 25 March: window 19..25 holds 7 + 1 + 2 = 10 spasms, intensity 14 + 2 + 10.
    assert days[0].rolling_spasms == round(10 / 7, 2)
    assert days[0].rolling_intensity == round(26 / 10, 1)
    # 26 March: window 20..26 holds 1 + 2 spasms, intensity 2 + 10.
    assert days[1].rolling_spasms == round(3 / 7, 2)
    assert days[1].rolling_intensity == 4.0
    # 31 March: window 25..31 holds the 2 spasms of the 25th.
    assert days[6].rolling_spasms == round(2 / 7, 2)
    assert days[6].rolling_intensity == 5.0


def test_the_rolling_intensity_is_empty_after_a_week_without_spasms(diary):
    diary.spasm(date(2025, 3, 10), intensity=8)

    days = daily_trend(diary.owner, WEEK).days

    assert all(day.rolling_intensity is None for day in days)
    assert all(day.rolling_spasms == 0 for day in days)


def test_it_has_not_enough_data_without_spasms(diary, stranger):
    Diary(stranger).spasm(date(2025, 3, 26))

    assert not daily_trend(diary.owner, WEEK).enough
