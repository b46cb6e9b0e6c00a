"""The host's instance statistics: counts only, right, and as cheap on a big diary."""

import datetime as dt

import pytest
from django.urls import reverse

from diary.instance_stats import instance_stats, week_starts
from tests.conftest import TODAY, Diary, bulk_diary

pytestmark = pytest.mark.django_db

STATS = reverse("admin:instance_stats")
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def week(stats, first_day):
    return next(w for w in stats.weeks if w.first_day == first_day)


def test_the_weeks_are_the_last_eight_mondays_this_weeks_first():
    wednesday = dt.date(2025, 4, 2)

    starts = week_starts(wednesday)

    assert starts[0] == dt.date(2025, 3, 31)
    assert starts[-1] == dt.date(2025, 2, 10)
    assert len(starts) == 8


def test_it_counts_accounts_and_clinicians(patient, stranger, doctor, host, make_user):
    make_user("closed", is_active=False)

    stats = instance_stats(TODAY)

    assert (stats.accounts, stats.clinicians) == (4, 1)


def test_it_counts_patients_who_logged_anything_and_their_entries_per_week(
    patient, stranger, make_medication
):
    mine, theirs = Diary(patient), Diary(stranger)
    mine.spasm(MONDAY, intensity=4)
    mine.spasm(MONDAY + dt.timedelta(days=6))
    mine.check_in(MONDAY, stress=3)
    theirs.dose(make_medication(stranger), MONDAY + dt.timedelta(days=2))
    mine.session(MONDAY - dt.timedelta(days=14))
    mine.spasm(MONDAY + dt.timedelta(days=7))  # next week: not counted yet
    mine.spasm(MONDAY - dt.timedelta(weeks=8))  # eight weeks back: not shown

    stats = instance_stats(TODAY)

    this_week = week(stats, MONDAY)
    assert (this_week.active_patients, this_week.entries) == (2, 4)
    two_weeks_ago = week(stats, MONDAY - dt.timedelta(weeks=2))
    assert (two_weeks_ago.active_patients, two_weeks_ago.entries) == (1, 1)
    last_week = week(stats, MONDAY - dt.timedelta(weeks=1))
    assert (last_week.active_patients, last_week.entries) == (0, 0)
    assert sum(w.entries for w in stats.weeks) == 5


def test_the_page_shows_counts_and_no_diary_text(
    client, host, make_user, otp_verified, frozen_today
):
    member = make_user("sam_rivera")
    Diary(member).spasm(TODAY, note="Woke me at 3am, neck locked")
    otp_verified(client, host)

    page = client.get(STATS)

    assert page.status_code == 200
    assert week(page.context["stats"], MONDAY).entries == 1
    text = page.content.decode()
    assert "Woke me at 3am" not in text
    assert member.username not in text


def test_only_a_superuser_opens_the_page(client, doctor, otp_verified):
    otp_verified(client, doctor)

    assert client.get(STATS).status_code == 403


def test_the_host_home_links_to_the_page(client, host, otp_verified):
    otp_verified(client, host)

    assert f'href="{STATS}"' in client.get(reverse("admin:index")).content.decode()


def test_the_page_costs_the_same_few_queries_on_a_big_instance(
    client, host, patient, stranger, otp_verified, django_assert_max_num_queries, frozen_today
):
    otp_verified(client, host)
    with django_assert_max_num_queries(12):
        assert client.get(STATS).status_code == 200

    bulk_diary(patient, TODAY, days=60, spasms_a_day=10)
    bulk_diary(stranger, TODAY, days=60, spasms_a_day=3)
    with django_assert_max_num_queries(12):
        page = client.get(STATS)

    assert week(page.context["stats"], MONDAY).active_patients == 2
