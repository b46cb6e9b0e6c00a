from datetime import date

import pytest

from diary.insights import Period, technique_effects

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 3, 1), date(2025, 3, 31))


def test_it_measures_each_techniques_effect(diary):
    diary.session(date(2025, 3, 3), "stretching", before=7, after=4)  # dropped 3: helped
    diary.session(date(2025, 3, 4), "stretching", before=6, after=5)  # dropped 1: did not
    diary.session(date(2025, 3, 5), "stretching", before=5, after=5, helped=1)  # said it helped
    diary.session(date(2025, 3, 6), "stretching")  # no scores

    stretching = technique_effects(diary.owner, PERIOD).rows[0]

    assert stretching.slug == "stretching"
    assert stretching.sessions == 4
    assert stretching.rated_sessions == 3
    assert stretching.mean_drop == round(4 / 3, 1)
    assert stretching.helped_sessions == 2
    assert stretching.helped_share == 0.5
    assert stretching.helped_percent == 50
    assert stretching.enough
    assert stretching.mostly_helped


def test_under_3_sessions_is_too_few_to_tell(diary):
    diary.session(date(2025, 3, 3), "heat", before=8, after=2)
    diary.session(date(2025, 3, 4), "heat", before=8, after=2)

    effects = technique_effects(diary.owner, PERIOD)
    heat = effects.rows[0]

    assert heat.sessions == 2
    assert not heat.enough
    assert not heat.mostly_helped
    assert not effects.enough
    assert effects.what_helped == []


def test_techniques_with_enough_sessions_come_first_best_first(diary):
    for _ in range(3):
        diary.session(date(2025, 3, 3), "rest", before=5, after=5, helped=0)
        diary.session(date(2025, 3, 3), "heat", before=8, after=3)
    diary.session(date(2025, 3, 3), "yoga", before=8, after=0)

    effects = technique_effects(diary.owner, PERIOD)

    assert [row.slug for row in effects.rows] == ["heat", "rest", "yoga"]
    assert [row.slug for row in effects.what_helped] == ["heat"]


def test_a_drop_of_exactly_two_points_counts_as_helping(diary):
    for _ in range(3):
        diary.session(date(2025, 3, 3), "massage", before=6, after=4, helped=0)

    assert technique_effects(diary.owner, PERIOD).rows[0].helped_sessions == 3
