"""The patient's check-ins over time and the calendar of spasm days, on the insights page:
the clinician's summary's functions (diary.insights.trends), each chart with its table.

The period is Thursday 27 to Sunday 30 March 2025 (D1-D4), worked out by hand below.
"""

import datetime as dt

import pytest
from django.urls import reverse

from diary.care import summary
from diary.clinical import Period
from diary.insights import trends
from diary.insights.days import spasm_days
from diary.insights.trends import patient_trends

pytestmark = pytest.mark.django_db

D1 = dt.date(2025, 3, 27)  # a Thursday
PERIOD = Period.between(D1, D1 + dt.timedelta(days=3), D1)


def day(n):
    return D1 + dt.timedelta(days=n - 1)


@pytest.fixture
def check_ins(patient, diary):
    # D1: 6.5 h, quality 3, stress 8; D2: quality 5; D3: quality 7, mood 6, tiredness 5,
    # pain 6; D4: quality 7, stress 8. Only D1 has hours, so the hours chart has one row.
    diary.check_in(day(1), sleep_hours="6.5", sleep_quality=3, stress=8)
    diary.check_in(day(2), sleep_quality=5)
    diary.check_in(day(3), sleep_quality=7, mood=6, fatigue=5, overall_pain=6)
    diary.check_in(day(4), sleep_quality=7, stress=8)
    diary.spasm(day(2), intensity=7)  # severe: an unusual day
    diary.spasm(day(3), intensity=2)
    return patient_trends(patient, PERIOD, spasm_days(patient, PERIOD))


def chart(found, key):
    return next(item for item in found.charts if item.key == key)


def test_each_chart_has_a_row_for_each_day_with_one_of_its_answers(check_ins):
    hours = chart(check_ins, "sleep-hours")
    sleep_mood = chart(check_ins, "sleep-mood")
    worse = chart(check_ins, "stress-tiredness-pain")

    assert [(row.day, row.values) for row in hours.rows] == [("Thu 27 Mar 2025", ["6.5"])]
    assert [row.values for row in sleep_mood.rows] == [
        ["3", "–"],
        ["5", "–"],
        ["7", "6"],
        ["7", "–"],
    ]
    assert worse.columns == ["Stress", "Tiredness", "Pain overall"]
    assert [row.values for row in worse.rows] == [
        ["8", "–", "–"],
        ["–", "5", "6"],
        ["8", "–", "–"],
    ]


def test_the_halves_of_the_period_are_compared(check_ins):
    readings = {reading.name: reading for reading in check_ins.readings}

    # Sleep quality: (3 + 5) / 2 = 4.0 in D1-D2, (7 + 7) / 2 = 7.0 in D3-D4: better.
    quality = readings["Sleep quality"]
    assert (quality.first_half, quality.second_half, quality.reading) == (4.0, 7.0, "better")
    # Stress: 8 and 8: steady. Mood: only in the second half: nothing to say.
    assert readings["Stress"].reading == "steady"
    assert readings["Mood"].reading == ""


def test_the_hours_chart_has_its_own_scale(check_ins):
    # 6.5 hours at most: steps of 1 would need 7 gridlines (more than 4), steps of 2
    # need 4 (6.5 / 2 = 3.25, up to 4) -> a top of 8 in steps of 2 (charts.nice_scale).
    hours = chart(check_ins, "sleep-hours").chart

    assert (hours.top, hours.step) == (8, 2)
    assert chart(check_ins, "sleep-mood").chart.top == 10


def test_the_calendar_runs_monday_to_sunday_with_spasm_days_marked(check_ins):
    (week,) = check_ins.calendar

    # Mon 24 - Wed 26 are before the period; D2 (28 Mar) had a severe spasm.
    assert [cell.day.day for cell in week] == [24, 25, 26, 27, 28, 29, 30]
    assert [cell.in_period for cell in week] == [False] * 3 + [True] * 4
    assert (week[4].spasms, week[4].worst, week[4].unusual) == (1, 7, True)
    assert (week[5].spasms, week[5].unusual) == (1, False)
    assert [cell.checked_in for cell in week[3:]] == [True, True, True, True]


def test_the_clinicians_summary_reads_the_same_functions():
    for name in ("calendar", "by_week", "check_ins_by_day", "series", "half_change"):
        assert getattr(summary, name) is getattr(trends, name)


def test_the_insights_page_shows_the_charts_with_their_tables_and_the_calendar(
    patient_client, diary, frozen_today
):
    today = frozen_today
    diary.check_in(today, sleep_hours=7, sleep_quality=6, stress=3, mood=7)
    diary.spasm(today, intensity=4)

    text = patient_client.get(reverse("diary:insights")).text
    start = text.index('aria-labelledby="check-ins-title"')
    section = text[start : text.index("</section>", start)]

    assert section.count('<svg class="chart__svg"') == 3
    assert section.count("<details") == 3 and section.count("<caption>") == 3
    assert "Hours slept: each day with a check-in" in section
    assert '<table class="calendar">' in text
    assert 'aria-labelledby="calendar-title"' in text


def test_without_check_ins_it_says_there_are_none_yet(patient_client, diary, frozen_today):
    diary.spasm(frozen_today)

    text = patient_client.get(reverse("diary:insights")).text

    assert "Not enough data yet: no daily check-in in this period." in text
