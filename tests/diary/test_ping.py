"""/diary/ping/: the health check a monitor logs in to, and the benchmark's floor."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/diary/ping/"


def test_it_lives_at_diary_ping():
    assert reverse("diary:ping") == URL


def test_it_sends_a_visitor_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_says_ok_and_who_is_signed_in(patient_client, patient):
    response = patient_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.startswith(f"ok {patient.username} ")
    assert len(body) < 100


def test_it_is_never_cached(patient_client):
    response = patient_client.get(URL)

    assert "no-store" in response["Cache-Control"]


def test_it_costs_only_the_session_and_the_user(patient_client, django_assert_num_queries):
    patient_client.get(URL)  # the first request may touch the time zone setting

    with django_assert_num_queries(2):
        patient_client.get(URL)
