import datetime as dt

import pytest

from diary.insights import Period, time_of_day
from diary.models import Spasm

pytestmark = pytest.mark.django_db

PERIOD = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def counts(pattern):
    return {s.key: s.spasms for s in pattern.slices}


def test_it_counts_spasms_in_4_hour_blocks_of_the_patients_clock(diary):
    diary.spasm(dt.date(2025, 3, 3), hour=0)
    diary.spasm(dt.date(2025, 3, 3), hour=3)
    diary.spasm(dt.date(2025, 3, 4), hour=13)
    diary.spasm(dt.date(2025, 3, 5), hour=23)
    diary.spasm(dt.date(2025, 3, 6), hour=23)

    pattern = time_of_day(diary.owner, PERIOD)

    assert counts(pattern) == {0: 2, 4: 0, 8: 0, 12: 1, 16: 0, 20: 2}
    assert pattern.total == 5
    assert pattern.enough
    assert pattern.slices[0].share == 0.4


def test_the_hour_is_converted_to_the_patients_zone_across_summer_time(diary, patient):
    # London moved to BST (UTC+1) on 30 March 2025. 00:30 local on 31 March is
    # 23:30 UTC on the 30th: it belongs to the midnight-4am block, not 8pm-midnight.
    Spasm.objects.create(
        owner=patient,
        started_at=dt.datetime(2025, 3, 30, 23, 30, tzinfo=dt.UTC),
        intensity=5,
    )
    # 13:30 UTC in winter is 13:30 in London.
    Spasm.objects.create(
        owner=patient, started_at=dt.datetime(2025, 3, 10, 13, 30, tzinfo=dt.UTC), intensity=5
    )

    assert counts(time_of_day(patient, PERIOD)) == {0: 1, 4: 0, 8: 0, 12: 1, 16: 0, 20: 0}


def test_it_uses_each_patients_own_zone(make_user):
    sydney = make_user("syd", time_zone="Australia/Sydney")
    # 02:00 UTC is 13:00 in Sydney (UTC+11 in March).
    Spasm.objects.create(
        owner=sydney, started_at=dt.datetime(2025, 3, 10, 2, 0, tzinfo=dt.UTC), intensity=5
    )

    assert counts(time_of_day(sydney, PERIOD))[12] == 1


def test_under_5_spasms_is_not_enough_for_a_pattern(diary):
    for hour in (1, 2, 3, 4):
        diary.spasm(dt.date(2025, 3, 3), hour=hour)

    pattern = time_of_day(diary.owner, PERIOD)

    assert pattern.total == 4
    assert not pattern.enough
