"""Insights, the report and the clinician's summary, with the delayed effects, medicines
and check-in trends on them, cost as many queries for a 5-year diary as for a 75-day
one: demo diaries (diary.demo.build_diary), the same seed, told apart only by length."""

import random

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from diary.care import sharing
from diary.demo.builder import build_diary
from tests.conftest import TODAY, at, count_queries

pytestmark = pytest.mark.django_db

NOW_DAYS = {"75 days": 75, "5 years": 5 * 365 + 1}


@pytest.fixture
def diaries(make_user, doctor):
    """A patient with 75 days of diary and one with 5 years, both shared with the doctor."""
    made = {}
    with time_machine.travel(at(TODAY, 21), tick=False):
        for name, days in NOW_DAYS.items():
            user = make_user(name.replace(" ", "-"), time_zone="Europe/London")
            build_diary(user, days, random.Random(7))
            sharing.grant(user, doctor)
            made[name] = user
    return made


def urls(user):
    summary = reverse("admin:diary_sharedpatient_summary", args=[user.pk])
    report = reverse("diary:report")
    return {
        "insights 90": (user, reverse("diary:insights") + "?days=90"),
        "insights 365": (user, reverse("diary:insights") + "?days=365"),
        "report": (user, report + "?start=2024-04-01&end=2025-03-31"),
        "summary 90": (None, summary + "?days=90"),
    }


def costs(user, doctor):
    found = {}
    with time_machine.travel(at(TODAY, 22), tick=False):
        for name, (reader, url) in urls(user).items():
            client = Client()
            client.force_login(reader or doctor)
            client.get(url)  # the first request's caches
            found[name] = count_queries(client, url)
    return found


def test_a_five_year_diary_costs_no_more_queries_than_a_75_day_one(
    diaries, doctor, django_assert_max_num_queries
):
    small = costs(diaries["75 days"], doctor)

    large = {}
    with time_machine.travel(at(TODAY, 22), tick=False):
        for name, (reader, url) in urls(diaries["5 years"]).items():
            client = Client()
            client.force_login(reader or doctor)
            client.get(url)  # the first request's caches
            with django_assert_max_num_queries(small[name]) as queries:
                assert client.get(url).status_code == 200
            large[name] = len(queries)
    assert large == small
