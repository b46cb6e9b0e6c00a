"""The insights page for a year stays light: under 1,500 elements, its numbers week by
week and each week's days on demand, the same figures as the daily tables, and a fixed
number of queries."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from diary import charts, insights
from diary.models import CheckIn
from tests.conftest import TODAY, bulk_diary

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 18  # as tests/insights/test_query_bounds.py


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def element_count(html: str) -> int:
    parser = Elements()
    parser.feed(html)
    return parser.count


@pytest.fixture
def full_year(patient, frozen_today):
    bulk_diary(patient, TODAY, 400, 3)
    CheckIn.objects.filter(owner=patient).update(sleep_quality=5, mood=6, fatigue=4, overall_pain=3)
    return patient


def test_a_year_of_insights_has_under_1500_elements(client, full_year):
    client.force_login(full_year)

    page = client.get(reverse("diary:insights"), {"days": 365}).content.decode()

    assert element_count(page) < 1500
    assert "Week by week" in page
    assert 'class="calendar-map"' in page


def test_shorter_periods_keep_their_daily_tables(client, full_year):
    client.force_login(full_year)

    page = client.get(reverse("diary:insights"), {"days": 90}).content.decode()

    assert "Week by week" not in page
    assert page.count('<tr><th scope="row">') >= 90


def test_ninety_days_draw_their_marks_as_paths_without_a_tooltip_each(client, full_year):
    client.force_login(full_year)

    page = client.get(reverse("diary:insights"), {"days": 90}).content.decode()

    assert 'r="3"><title>' not in page  # a dot with its own tooltip
    assert 'class="chart__dots"' in page
    assert element_count(page) < 3500


def test_a_week_shows_its_days_with_the_daily_tables_figures(client, full_year):
    client.force_login(full_year)
    period = insights.Period.last_days(full_year, 365)
    trend = insights.daily_trend(full_year, period)
    daily = charts.trend_table(trend)
    week_start = trend.days[-7].day  # the weeks run in sevens ending on the last day

    page = client.get(
        reverse("diary:insights"), {"days": 365, "week": week_start.isoformat()}
    ).content.decode()

    detail = page[
        page.index('id="week-days"') : page.index("</table>", page.index('id="week-days"'))
    ]
    for row in daily[-7:]:
        assert (
            f'<th scope="row">{row.day}</th><td>{row.spasms}</td><td>{row.rolling_spasms}</td>'
            f"<td>{row.mean_intensity}</td><td>{row.rolling_intensity}</td>"
        ) in detail
    assert detail.count("<tr>") == 1 + 7
    assert "<td>5</td><td>6</td>" in detail  # sleep quality and mood from the check-in


def test_the_week_table_sums_the_same_days(client, full_year):
    client.force_login(full_year)
    period = insights.Period.last_days(full_year, 365)
    trend = insights.daily_trend(full_year, period)

    page = client.get(reverse("diary:insights"), {"days": 365}).content.decode()

    last_week = sum(day.spasms for day in trend.days[-7:])
    assert f"</a></th><td>{last_week}</td>" in page


@pytest.mark.parametrize("week", [None, "latest", "1999-01-01"])
def test_a_year_and_its_weeks_take_a_fixed_number_of_queries(
    client, full_year, week, django_assert_max_num_queries
):
    client.force_login(full_year)
    query = {"days": 365}
    if week == "latest":
        period = insights.Period.last_days(full_year, 365)
        query["week"] = (period.last - dt.timedelta(days=6)).isoformat()
    elif week:
        query["week"] = week

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("diary:insights"), query)

    assert response.status_code == 200
