from datetime import date

import pytest

from diary.charts import body_map
from diary.insights import Period, body_areas, body_map_areas, triggers
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 3, 1), date(2025, 3, 31))


def test_it_ranks_body_areas_by_spasms(diary):
    diary.spasm(date(2025, 3, 3), areas=["neck", "left-lower-leg"])
    diary.spasm(date(2025, 3, 4), areas=["neck"])
    diary.spasm(date(2025, 3, 5))  # no area

    ranking = body_areas(diary.owner, PERIOD)

    assert [(row.slug, row.spasms) for row in ranking.rows] == [
        ("neck", 2),
        ("left-lower-leg", 1),
    ]
    assert ranking.total_spasms == 3
    assert ranking.rows[0].percent == 67
    assert ranking.counts() == {"neck": 2, "left-lower-leg": 1}


def test_the_body_map_shades_the_busiest_area_darkest(diary):
    for _ in range(4):
        diary.spasm(date(2025, 3, 3), areas=["neck"])
    diary.spasm(date(2025, 3, 3), areas=["left-foot"])

    shapes = body_map.areas_for_map(
        body_map_areas(), counts=body_areas(diary.owner, PERIOD).counts()
    )
    levels = {area["slug"]: (area["count"], area["level"]) for area in shapes}

    assert levels["neck"] == (4, 4)
    assert levels["left-foot"] == (1, 1)
    assert levels["chest"] == (0, 0)
    assert len(shapes) == 23


def test_it_ranks_triggers_with_the_intensity_of_their_spasms(diary):
    diary.spasm(date(2025, 3, 3), intensity=8, triggers=["cold", "poor-sleep"])
    diary.spasm(date(2025, 3, 4), intensity=4, triggers=["cold"])
    diary.spasm(date(2025, 3, 5), intensity=2, triggers=["emotional-stress"])

    rows = triggers(diary.owner, PERIOD).rows

    assert [(row.slug, row.spasms, row.mean_intensity) for row in rows] == [
        ("cold", 2, 6.0),
        ("emotional-stress", 1, 2.0),
        ("poor-sleep", 1, 8.0),
    ]
    assert rows[0].learn_slug == "tracking-your-triggers"


def test_rankings_leave_out_other_patients_and_other_periods(diary, stranger):
    Diary(stranger).spasm(date(2025, 3, 3), areas=["neck"], triggers=["cold"])
    diary.spasm(date(2025, 2, 27), areas=["neck"], triggers=["cold"])

    assert not body_areas(diary.owner, PERIOD).enough
    assert not triggers(diary.owner, PERIOD).enough
