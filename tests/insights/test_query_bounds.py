"""Insights and the report cost a fixed number of queries, whatever the diary's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary import insights
from tests.conftest import TODAY, bulk_diary

pytestmark = pytest.mark.django_db

FIGURE_QUERIES = 10  # one per figure, two for the check-in comparisons
PAGE_QUERIES = 18  # the figures, the map's catalogue, session, user; 5: delays, medicines


@pytest.fixture(params=[("small", 3, 1), ("large", 400, 8)], ids=lambda p: p[0])
def sized_diary(request, patient):
    _name, days, per_day = request.param
    return bulk_diary(patient, TODAY, days, per_day)


@pytest.mark.parametrize("days", [30, 365])
def test_all_figures_take_a_fixed_number_of_queries(
    sized_diary, days, django_assert_max_num_queries
):
    period = insights.Period.ending(TODAY, days)

    with django_assert_max_num_queries(FIGURE_QUERIES):
        figures = insights.all_figures(sized_diary, period)

    assert figures["summary"].spasms > 0


@pytest.mark.parametrize("days", [30, 365])
def test_the_insights_page_takes_a_fixed_number_of_queries(
    client, sized_diary, frozen_today, days, django_assert_max_num_queries
):
    client.force_login(sized_diary)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("diary:insights"), {"days": days})

    assert response.status_code == 200


def test_the_report_takes_a_fixed_number_of_queries(
    client, sized_diary, frozen_today, django_assert_max_num_queries
):
    client.force_login(sized_diary)

    # The report's own two more, and one for the latest symptom check behind the ACR
    # scores (diary.insights.acr.acr_figures).
    with django_assert_max_num_queries(PAGE_QUERIES + 3):
        response = client.get(reverse("diary:report"), {"start": "2024-04-01", "end": "2025-03-31"})

    assert response.status_code == 200


def test_small_and_large_diaries_cost_the_same(client, patient, make_user, frozen_today):
    small = bulk_diary(make_user("small", time_zone="Europe/London"), TODAY, 2, 1)
    large = bulk_diary(patient, TODAY, 400, 8)
    counts = []
    for user in (small, large):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("diary:insights"), {"days": 365})
        counts.append(len(queries))

    assert counts[0] == counts[1]
