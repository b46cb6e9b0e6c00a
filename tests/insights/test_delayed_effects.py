"""Delayed effects: spasms on the same day, the next day and two days after a poor night,
a stressful day or overdoing it, against the days after a day without.

Each diary here is a few days long and every expected value is worked out by hand in
the comments: D1 is the period's first day, and "D2: 3" means three spasms on D2.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from diary import clinical
from diary.care import sharing
from diary.clinical import Period
from diary.insights.delayed import delayed_effects
from tests.conftest import TODAY, Diary

pytestmark = pytest.mark.django_db


def day(n, first=TODAY - dt.timedelta(days=9)):
    """D1 is `first`; by default D10 is TODAY."""
    return first + dt.timedelta(days=n - 1)


def effect(effects, key):
    return next(found for found in effects.effects if found.key == key)


def spasms(diary, n, count, **kw):
    for hour in range(count):
        diary.spasm(day(n), hour=8 + hour, **kw)


def lag_figures(lag):
    return (lag.days, lag.spasms, lag.other_days, lag.other_spasms, lag.enough)


@pytest.fixture
def stressful_week(patient, diary):
    """Stress 8 on D1-D5 and 2 on D6-D10; spasms D2-D6: 3 each, D8: 1."""
    for n in range(1, 11):
        diary.check_in(day(n), stress=8 if n <= 5 else 2)
    for n in (2, 3, 4, 5, 6):
        spasms(diary, n, 3)
    spasms(diary, 8, 1)
    return Period.between(day(1), day(10), day(1))


def test_the_same_day_after_high_stress(patient, stressful_week):
    # With: D1-D5 -> 0+3+3+3+3 = 12 spasms over 5 days = 2.4 a day.
    # Without: D6-D10 -> 3+0+1+0+0 = 4 over 5 days = 0.8 a day.
    same_day = effect(delayed_effects(patient, stressful_week), "stress").lags[0]

    assert lag_figures(same_day) == (5, 12, 5, 4, True)
    assert (same_day.per_day, same_day.other_per_day) == (2.4, 0.8)


def test_the_next_day_after_high_stress_is_too_few_days_to_tell(patient, stressful_week):
    # Lag 1: a day and the day after must both be in the period, so D1-D9.
    # With: D1-D5 -> spasms on D2-D6 = 15 over 5 days = 3.0 a day.
    # Without: D6-D9 -> spasms on D7-D10 = 0+1+0+0 = 1 over 4 days: under 5 days.
    next_day = effect(delayed_effects(patient, stressful_week), "stress").lags[1]

    assert lag_figures(next_day) == (5, 15, 4, 1, False)
    assert next_day.per_day == 3.0


def test_two_days_after_high_stress(patient, stressful_week):
    # Lag 2: D1-D8. With: D1-D5 -> spasms on D3-D7 = 3+3+3+3+0 = 12 over 5 days.
    # Without: D6-D8 -> spasms on D8-D10 = 1 over 3 days: too few.
    two_days = effect(delayed_effects(patient, stressful_week), "stress").lags[2]

    assert lag_figures(two_days) == (5, 12, 3, 1, False)
    assert two_days.per_day == 2.4


def test_poor_sleep_is_short_hours_or_poor_quality_and_blank_nights_are_left_out(patient, diary):
    # D1 3 h (poor), D2 quality 2 (poor), D3 8 h and quality 7, D4 no sleep answer (left
    # out), D5 4 h (poor: 4 or less), D6 quality 4 (not poor: 3 or less is), D7 4.5 h.
    answers = [
        {"sleep_hours": 3},
        {"sleep_quality": 2},
        {"sleep_hours": 8, "sleep_quality": 7},
        {"stress": 5},
        {"sleep_hours": 4},
        {"sleep_quality": 4},
        {"sleep_hours": "4.5"},
    ]
    for n, answer in enumerate(answers, start=1):
        diary.check_in(day(n), **answer)
    for n, count in {1: 2, 2: 1, 4: 5, 5: 1, 6: 1}.items():
        spasms(diary, n, count)
    period = Period.between(day(1), day(7), day(1))

    same_day = effect(delayed_effects(patient, period), "sleep").lags[0]

    # With: D1, D2, D5 -> 2+1+1 = 4 spasms. Without: D3, D6, D7 -> 0+1+0 = 1.
    # D4's 5 spasms count on neither side. 3 days a side is under 5: too few to tell.
    assert lag_figures(same_day) == (3, 4, 3, 1, False)


@pytest.fixture
def hard_days(patient, diary):
    """ "Overdoing it" named on a spasm on D1, D3, D5, D7 and D9; 2 spasms on each day
    after (D2, D4 ... D10); nothing on D11 and D12, the period's last days."""
    first = day(1)
    for n in (1, 3, 5, 7, 9):
        diary.spasm(day(n), triggers=["physical-exertion"])
    for n in (2, 4, 6, 8, 10):
        spasms(diary, n, 2, triggers=["cold"])
    return first, first + dt.timedelta(days=11)


def test_the_day_after_overdoing_it(patient, hard_days):
    first, last = hard_days
    # Lag 1, D1-D11. With: D1, D3, D5, D7, D9 -> spasms on D2 ... D10 = 5 x 2 = 10.
    # Without: D2, D4, D6, D8, D10, D11 -> spasms on D3, D5, D7, D9, D11, D12 = 4.
    next_day = effect(delayed_effects(patient, Period.between(first, last, first)), "exertion")

    assert lag_figures(next_day.lags[1]) == (5, 10, 6, 4, True)
    assert (next_day.lags[1].per_day, next_day.lags[1].other_per_day) == (2.0, 0.7)


def test_two_days_after_overdoing_it(patient, hard_days):
    first, last = hard_days
    # Lag 2, D1-D10. With: D1 ... D9 -> spasms on D3, D5, D7, D9, D11 = 1+1+1+1+0 = 4.
    # Without: D2 ... D10 -> spasms on D4, D6, D8, D10, D12 = 2+2+2+2+0 = 8.
    lags = effect(delayed_effects(patient, Period.between(first, last, first)), "exertion").lags

    assert lag_figures(lags[2]) == (5, 4, 5, 8, True)
    assert (lags[2].per_day, lags[2].other_per_day) == (0.8, 1.6)


def test_overdoing_it_is_not_compared_on_the_same_day(patient, hard_days):
    # A day counts as overdoing it through a spasm, so that day always has one.
    first, last = hard_days

    same_day = effect(delayed_effects(patient, Period.between(first, last, first)), "exertion")

    assert not same_day.lags[0].made and not same_day.lags[0].enough


def test_days_before_the_diary_began_are_never_days_without(patient, hard_days, frozen_today):
    first, last = hard_days  # the diary began on D1; D12 is TODAY + 2, so end on TODAY
    period = Period.last_days(patient, 30)  # cut to D1-D10

    lags = effect(delayed_effects(patient, period), "exertion").lags

    # Lag 1, D1-D9: with D1, D3, D5, D7, D9 (10 spasms after); without D2, D4, D6, D8
    # (spasms on D3, D5, D7, D9 = 4): 4 days, none of the 20 days before D1.
    assert period.first == first
    assert lag_figures(lags[1]) == (5, 10, 4, 4, False)


def test_a_period_not_cut_by_the_caller_is_cut_to_the_diary(patient, hard_days):
    first, last = hard_days
    uncut = Period.between(first - dt.timedelta(days=20), last)

    lags = effect(delayed_effects(patient, uncut), "exertion").lags

    assert lag_figures(lags[1]) == (5, 10, 6, 4, True)  # as for D1-D12


def test_another_patients_entries_count_for_nothing(patient, stranger, stressful_week):
    other = Diary(stranger)
    for n in range(1, 11):
        other.check_in(day(n), stress=9)
        other.spasm(day(n))

    same_day = effect(delayed_effects(patient, stressful_week), "stress").lags[0]

    assert lag_figures(same_day) == (5, 12, 5, 4, True)


def test_the_thresholds_are_the_clinical_ones():
    assert clinical.SHORT_SLEEP_HOURS == 4 and clinical.POOR_SLEEP_QUALITY == 3
    assert clinical.HIGH_STRESS == 7 and clinical.MIN_DAYS_TO_TELL == 5
    assert clinical.DELAYED_LAGS == (0, 1, 2)


def test_the_insights_page_shows_the_comparison_and_too_few_days(
    patient_client, stressful_week, frozen_today
):
    text = patient_client.get(reverse("diary:insights")).text
    start = text.index('class="card-panel insight delayed-effects"')
    section = text[start : text.index("</section>", start)]

    assert "A pattern in your diary, not proof." in section
    assert "<td>2.4</td><td>5</td>\n              <td>0.8</td><td>5</td>" in section
    assert "Too few days to tell yet" in section
    assert "Each side needs at least 5 days" in section
    assert "a day your stress was 7 or more" in section


def test_the_report_and_the_summary_show_it_too(patient, doctor, stressful_week, frozen_today):
    sharing.grant(patient, doctor)
    as_patient, as_doctor = Client(), Client()
    as_patient.force_login(patient)
    as_doctor.force_login(doctor)

    report = as_patient.get(reverse("diary:report")).text
    summary = as_doctor.get(reverse("admin:diary_sharedpatient_summary", args=[patient.pk])).text

    assert 'aria-labelledby="r-delayed"' in report and "<td>2.4</td>" in report
    assert "a day the patient&#x27;s stress was 7 or more" in summary
    assert "<td>2.4</td>" in summary
