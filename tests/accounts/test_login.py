import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def test_it_logs_in_with_username_and_password(client, patient):
    response = client.post(LOGIN, {"username": patient.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("diary:dashboard")


def test_a_wrong_password_shows_an_error_and_keeps_the_username(client, patient):
    response = client.post(LOGIN, {"username": patient.username, "password": "nope"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert f'value="{patient.username}"' in response.content.decode()


def test_it_throttles_repeated_failures_even_with_the_right_password(client, patient, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": patient.username, "password": "wrong"})

    response = client.post(LOGIN, {"username": patient.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_one_account_leaves_others_alone(client, patient, stranger, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": patient.username, "password": "wrong"})

    response = client.post(LOGIN, {"username": stranger.username, "password": PASSWORD})

    assert response.status_code == 302


def test_log_out_is_a_post(patient_client):
    assert patient_client.get(reverse("logout")).status_code == 405

    response = patient_client.post(reverse("logout"))

    assert response.url == reverse("home")
    assert "_auth_user_id" not in patient_client.session


def test_the_diary_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("diary:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
