"""Log-in: repeated failures are throttled (the diary's and the admin's log-in alike),
and passwords must pass Django's validators wherever one is chosen."""

import pytest
from django.urls import reverse

from diary.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

WEAK_PASSWORDS = {
    "too short": "fl4re",
    "too common": "password123",
    "all digits": "8402751963",
    "like the username": "newpatient1",
}


@pytest.mark.parametrize("login_name", ["login", "admin:login"])
def test_repeated_wrong_passwords_pause_logging_in(client, doctor, settings, login_name):
    url = reverse(login_name)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": doctor.username, "password": "guess"})

    response = client.post(url, {"username": doctor.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("why", WEAK_PASSWORDS)
def test_signup_refuses_a_weak_password(client, why):
    password = WEAK_PASSWORDS[why]
    data = {"username": "newpatient", "password1": password, "password2": password}

    response = client.post(reverse("signup"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]  # beside "Password", in plain words
    assert not User.objects.filter(username="newpatient").exists()


def test_password_change_refuses_a_weak_password(patient_client, patient):
    data = {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"}

    response = patient_client.post(reverse("password_change"), data)

    assert response.status_code == 200
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)


def test_passwords_are_checked_by_all_four_validators(settings):
    validators = settings.AUTH_PASSWORD_VALIDATORS
    names = {validator["NAME"].rsplit(".", 1)[-1] for validator in validators}

    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
