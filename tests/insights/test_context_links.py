from datetime import date, timedelta
from decimal import Decimal

import pytest

from diary.insights import Period, context_links

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 3, 1), date(2025, 3, 31))


def by_key(diary):
    return {item.key: item for item in context_links(diary.owner, PERIOD)}


def test_it_compares_spasms_after_short_nights_with_other_days(diary):
    first = date(2025, 3, 10)
    for offset in range(4):  # four short nights, two spasms each
        day = first + timedelta(days=offset)
        diary.check_in(day, sleep_hours=Decimal("4.0") if offset else Decimal("3.5"))
        diary.spasm(day)
        diary.spasm(day)
    for offset, spasms in zip(range(4, 7), (0, 1, 0), strict=True):  # three good nights
        day = first + timedelta(days=offset)
        diary.check_in(day, sleep_hours=Decimal("7.5"))
        for _ in range(spasms):
            diary.spasm(day)
    diary.spasm(date(2025, 3, 20))  # a day without a check-in is left out

    sleep = by_key(diary)["sleep"]

    assert (sleep.days, sleep.spasms) == (4, 8)
    assert (sleep.other_days, sleep.other_spasms) == (3, 1)
    assert sleep.per_day == 2.0
    assert sleep.other_per_day == 0.3
    assert sleep.enough


def test_it_compares_stress_of_7_or_more_and_water_under_4_glasses(diary):
    first = date(2025, 3, 1)
    for offset in range(3):
        day = first + timedelta(days=offset)
        diary.check_in(day, stress=7 + offset, water_glasses=3)
        diary.spasm(day)
        diary.spasm(day)
        diary.spasm(day)
    for offset in range(3, 6):
        day = first + timedelta(days=offset)
        diary.check_in(day, stress=6, water_glasses=4)
        diary.spasm(day)

    links = by_key(diary)

    assert (links["stress"].per_day, links["stress"].other_per_day) == (3.0, 1.0)
    assert (links["water"].per_day, links["water"].other_per_day) == (3.0, 1.0)


def test_blank_answers_and_too_few_days_are_not_enough(diary):
    diary.check_in(date(2025, 3, 1), sleep_hours=Decimal("3"))
    diary.check_in(date(2025, 3, 2), stress=9)

    links = by_key(diary)

    assert links["sleep"].days == 1 and links["sleep"].other_days == 0
    assert links["stress"].days == 1
    assert links["water"].days == 0
    assert not any(item.enough for item in links.values())
