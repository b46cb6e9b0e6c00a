"""No data is never shown as zero: every figure counts the days since the diary began.

A new account's diary began today; a diary of 20 days viewed over 365 days counts
20 days, per-day rates over those days, no zero line before the first entry, and
says there is nothing before it to compare with.
"""

import datetime as dt

import pytest
from django.urls import reverse

from diary import insights
from diary.clinical import Period
from tests.conftest import TODAY, Diary

pytestmark = pytest.mark.django_db

INSIGHTS = reverse("diary:insights")
REPORT = reverse("diary:report")


@pytest.fixture
def twenty_days(patient, frozen_today):
    """Five spasms a day for the last 20 days, 100 in all, and nothing before."""
    diary = Diary(patient)
    for offset in range(20):
        for hour in (8, 10, 12, 14, 16):
            diary.spasm(TODAY - dt.timedelta(days=offset), hour=hour, intensity=4)
    return diary


def test_a_new_accounts_first_spasm_is_one_day_of_one_not_one_of_30(
    patient_client, patient, frozen_today
):
    Diary(patient).spasm(TODAY, hour=9)

    page = patient_client.get(INSIGHTS).content.decode()

    assert "of 1 day had a spasm" in page
    assert "0 days without" in page
    assert "29 days without" not in page
    assert "1 a day on average" in page


def test_a_new_account_with_nothing_logged_says_not_enough_data(patient_client, frozen_today):
    page = patient_client.get(INSIGHTS).content.decode()

    assert "Not enough data yet" in page
    assert "days without" not in page


def test_a_new_accounts_report_covers_the_day_it_began(patient_client, patient, frozen_today):
    Diary(patient).spasm(TODAY, hour=9)

    response = patient_client.get(REPORT)

    assert response.context["period"].days == 1
    assert "no entries yet" in response.content.decode()


def test_a_20_day_diary_over_365_days_counts_its_20_days(patient_client, twenty_days):
    response = patient_client.get(INSIGHTS, {"days": 365})
    page = response.content.decode()

    assert response.context["period"].days == 20
    assert "the 20 days since you started" in page
    assert "of 20 days had a spasm" in page
    assert "5 a day on average" in page


def test_a_20_day_diary_has_no_period_before_it_to_compare_with(patient, twenty_days):
    summary = insights.summary(patient, Period.last_days(patient, 365))

    assert summary.previous_spasms is None
    assert summary.change_percent is None
    assert summary.per_day == 5.0


def test_the_comparison_before_a_young_diary_says_no_entries_yet_never_zero(
    patient_client, twenty_days
):
    page = patient_client.get(INSIGHTS, {"days": 365}).content.decode()

    assert "no entries yet" in page
    assert "0 spasms, 0.0 a day" not in page


def test_the_7_day_average_starts_with_the_diary_not_as_a_line_of_zeros(patient, twenty_days):
    trend = insights.daily_trend(patient, Period.last_days(patient, 365))

    assert trend.days[0].day == TODAY - dt.timedelta(days=19)
    assert len(trend.days) == 20
    # On the diary's first day the average is that day's own five spasms.
    assert trend.days[0].rolling_spasms == 5.0
    assert all(day.rolling_spasms == 5.0 for day in trend.days)


def test_a_period_before_the_diary_began_is_refused_beside_the_field(patient_client, twenty_days):
    response = patient_client.get(REPORT, {"start": "2024-01-01", "end": "2024-01-31"})

    assert response.status_code == 200
    assert "The diary begins on" in response.context["form"].errors["end"][0]


def test_the_clinicians_summary_of_a_young_diary_counts_its_days_and_weeks(
    patient, twenty_days, doctor, client
):
    from diary.care import sharing

    sharing.grant(patient, doctor)
    client.force_login(doctor)
    url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    response = client.get(url, {"days": 90})
    summary = response.context["summary"]

    assert summary.period.days == 20
    assert sum(week.spasms for week in summary.weeks) == 100
    assert summary.weeks[0].first_day == TODAY - dt.timedelta(days=19)
    assert "no entries in the days before" in response.content.decode()
