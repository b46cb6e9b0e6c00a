from datetime import date

import pytest

from diary.insights import Period, insight_days


def test_a_period_counts_both_ends():
    assert Period(date(2025, 3, 1), date(2025, 3, 31)).days == 31


def test_the_last_30_days_end_today():
    period = Period.ending(date(2025, 3, 31), 30)

    assert (period.first, period.last) == (date(2025, 3, 2), date(2025, 3, 31))


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    previous = Period(date(2025, 3, 25), date(2025, 3, 31)).previous()

    assert (previous.first, previous.last) == (date(2025, 3, 18), date(2025, 3, 24))


def test_it_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2025, 3, 5), date(2025, 3, 1))


def test_a_period_that_began_before_the_diary_is_cut_to_the_diarys_days():
    period = Period.ending(date(2025, 3, 31), 30, diary_start=date(2025, 3, 20))

    assert (period.first, period.last, period.days) == (date(2025, 3, 20), date(2025, 3, 31), 12)
    assert period.asked_days == 30 and period.is_cut


def test_a_period_after_the_diarys_start_is_not_cut():
    period = Period.ending(date(2025, 3, 31), 30, diary_start=date(2025, 1, 1))

    assert period.days == 30 and not period.is_cut


def test_the_period_before_a_diary_that_began_inside_this_one_has_no_days():
    period = Period.ending(date(2025, 3, 31), 30, diary_start=date(2025, 3, 20))

    assert period.previous().is_empty
    assert period.previous().per_day(0) is None


def test_the_period_before_is_cut_to_the_diarys_start_too():
    period = Period.ending(date(2025, 3, 31), 30, diary_start=date(2025, 2, 20))

    previous = period.previous()
    assert (previous.first, previous.last) == (date(2025, 2, 20), date(2025, 3, 1))
    assert previous.asked_days == 30 and previous.days == 10


def test_a_rate_is_a_count_over_the_days_counted():
    period = Period.ending(date(2025, 3, 31), 365, diary_start=date(2025, 3, 22))

    assert period.per_day(25) == 2.5


def test_it_counts_each_weekday_in_an_uneven_period():
    # Tue 25 March 2025 .. Mon 7 April 2025 plus Tue 8 and Wed 9: 16 days.
    counts = Period(date(2025, 3, 25), date(2025, 4, 9)).weekday_counts()

    assert counts == {1: 2, 2: 3, 3: 3, 4: 2, 5: 2, 6: 2, 7: 2}
    assert sum(counts.values()) == 16


@pytest.mark.parametrize(
    ("raw", "days"),
    [("30", 30), ("90", 90), ("365", 365), (None, 30), ("7", 30), ("abc", 30), ("-90", 30)],
)
def test_the_insights_page_offers_30_90_or_365_days_and_nothing_else(raw, days):
    assert insight_days(raw) == days
