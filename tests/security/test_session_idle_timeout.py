"""A signed-in session ends after SESSION_IDLE_MINUTES without a visit (staff:
STAFF_SESSION_IDLE_MINUTES), stays alive while used, and costs no write per page."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("diary:dashboard")


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def signed_in(client):
    response = client.get(DASHBOARD)
    return response.status_code == 200


def session_writes(queries):
    return [q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_the_default_idle_time_is_two_weeks_for_patients_and_a_working_day_for_staff(settings):
    assert settings.SESSION_IDLE_MINUTES == 14 * 24 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.STAFF_SESSION_IDLE_MINUTES == 8 * 60


def test_a_patient_is_signed_out_after_two_weeks_without_a_visit(client, patient):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        log_in(client, patient)
        traveller.shift(timedelta(days=14, minutes=1))

        assert not signed_in(client)


def test_using_the_diary_keeps_the_session_alive_past_two_weeks(client, patient):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        log_in(client, patient)
        for _ in range(3):
            traveller.shift(timedelta(days=10))
            assert signed_in(client)

        traveller.shift(timedelta(days=14, minutes=1))
        assert not signed_in(client)


def test_the_idle_time_comes_from_the_setting(client, patient, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        log_in(client, patient)
        traveller.shift(timedelta(minutes=20))
        assert signed_in(client)
        traveller.shift(timedelta(minutes=29))
        assert signed_in(client)
        traveller.shift(timedelta(minutes=31))
        assert not signed_in(client)


def test_staff_are_signed_out_after_a_working_day_without_a_visit(client, doctor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        log_in(client, doctor)
        home = reverse("admin:diary_sharedpatient_changelist")  # a clinician's admin home
        traveller.shift(timedelta(hours=7))
        assert client.get(home).status_code == 200
        traveller.shift(timedelta(hours=8, minutes=1))
        assert client.get(home).status_code == 302


def test_the_session_cookie_carries_the_same_lifetime(client, patient):
    response = client.post(reverse("login"), {"username": patient.username, "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == 14 * 24 * 60 * 60
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_pages_seen_within_a_few_minutes_do_not_write_the_session(client, patient):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        log_in(client, patient)
        for _ in range(3):
            traveller.shift(timedelta(minutes=1))
            with CaptureQueriesContext(connection) as queries:
                assert signed_in(client)
            assert session_writes(queries.captured_queries) == []

        traveller.shift(timedelta(minutes=5))
        with CaptureQueriesContext(connection) as queries:
            assert signed_in(client)
        assert len(session_writes(queries.captured_queries)) == 1
