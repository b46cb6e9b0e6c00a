from datetime import date

import pytest

from diary.insights import Period, summary
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

WEEK = Period(date(2025, 3, 25), date(2025, 3, 31))


def test_it_sums_up_the_period_and_the_one_before(diary):
    diary.spasm(date(2025, 3, 25), intensity=4)
    diary.spasm(date(2025, 3, 25), intensity=6)
    diary.spasm(date(2025, 3, 28), intensity=8)
    diary.spasm(date(2025, 3, 20), intensity=2)  # the week before
    diary.spasm(date(2025, 3, 10), intensity=9)  # before that: in neither

    figure = summary(diary.owner, WEEK)

    assert figure.enough
    assert figure.spasms == 3
    assert figure.days_with_spasms == 2
    assert figure.spasm_free_days == 5
    assert figure.per_day == 0.4  # 3 / 7
    assert figure.mean_intensity == 6.0
    assert figure.mean_band == "moderate"
    assert figure.worst_intensity == 8
    assert figure.previous_spasms == 1
    assert figure.previous_mean_intensity == 2.0


def test_a_change_of_two_points_or_more_is_meaningful(diary):
    diary.spasm(date(2025, 3, 26), intensity=7)
    diary.spasm(date(2025, 3, 19), intensity=4)

    figure = summary(diary.owner, WEEK)

    assert figure.intensity_change == 3.0
    assert figure.intensity_change_is_meaningful


def test_a_change_under_two_points_is_not(diary):
    diary.spasm(date(2025, 3, 26), intensity=5)
    diary.spasm(date(2025, 3, 19), intensity=4)

    assert not summary(diary.owner, WEEK).intensity_change_is_meaningful


def test_an_empty_period_has_not_enough_data(diary):
    figure = summary(diary.owner, WEEK)

    assert not figure.enough
    assert figure.spasms == 0
    assert figure.mean_intensity is None
    assert figure.intensity_change is None


def test_it_counts_only_the_patients_own_spasms(diary, stranger):
    Diary(stranger).spasm(date(2025, 3, 26), intensity=9)
    diary.spasm(date(2025, 3, 26), intensity=3)

    figure = summary(diary.owner, WEEK)

    assert figure.spasms == 1
    assert figure.worst_intensity == 3
