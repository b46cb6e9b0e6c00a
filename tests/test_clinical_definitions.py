"""diary.clinical: one value for each rule, read the same way by every screen."""

import pytest
from django.template import Context, Template

from diary import clinical


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "none"),
        (0.4, "none"),
        (0.5, "mild"),
        (3, "mild"),
        (3.4, "mild"),
        (3.5, "moderate"),
        (3.6, "moderate"),
        (6, "moderate"),
        (6.5, "severe"),
        (7, "severe"),
        (10, "severe"),
    ],
)
def test_a_value_falls_in_one_band_with_halves_rounded_up(value, band):
    assert clinical.intensity_band_key(value) == band


def test_no_value_has_no_band():
    assert clinical.intensity_band_key(None) == "" and clinical.intensity_band(None) == ""


def test_severe_starts_at_7_as_the_bands_say():
    assert clinical.SEVERE == clinical.BAND_RANGES["severe"][0] == 7
    assert clinical.is_severe(7) and not clinical.is_severe(6.4)


def test_the_bands_cover_0_to_10_once_each():
    points = [p for low, high in clinical.BAND_RANGES.values() for p in range(low, high + 1)]

    assert points == list(range(11))


def test_the_template_filter_gives_the_same_words_as_the_figures():
    rendered = Template(
        "{% load diary_tags %}{{ 3.6|intensity_band }}|{{ 3.6|intensity_band_key }}"
    )

    assert rendered.render(Context()) == f"{clinical.intensity_band(3.6)}|moderate"


def test_a_busy_day_needs_3_spasms_and_twice_the_periods_mean():
    # 60 spasms over 30 days is 2 a day: a busy day has 4 or more.
    assert clinical.busy_day_threshold(60, 30) == 4
    # A quiet period still needs 3 spasms on one day.
    assert clinical.busy_day_threshold(3, 30) == 3


def test_a_day_is_unusual_for_a_severe_spasm_or_for_being_busy():
    assert clinical.is_unusual_day(1, 7, busy_threshold=4)
    assert clinical.is_unusual_day(4, 2, busy_threshold=4)
    assert not clinical.is_unusual_day(3, 6, busy_threshold=4)


@pytest.mark.parametrize(
    ("areas", "intensity", "tier"),
    [
        (["chest"], 7, "emergency"),
        (["chest"], 6, None),
        (["abdomen"], 7, "today"),
        (["abdomen", "chest"], 9, "emergency"),
        (["neck"], 10, None),
        (["chest"], None, None),
    ],
)
def test_a_spasm_points_to_a_tier_of_when_to_get_help_by_area_and_severity(areas, intensity, tier):
    assert clinical.spasm_safety_tier(areas, intensity) == tier


@pytest.mark.parametrize(("mood", "tier"), [(0, "crisis"), (1, None), (None, None)])
def test_only_the_lowest_mood_points_to_the_crisis_line(mood, tier):
    assert clinical.check_in_safety_tier(mood) == tier
