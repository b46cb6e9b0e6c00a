import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_profile_changes_the_time_zone(patient_client, patient):
    response = patient_client.post(
        reverse("profile"), {"email": patient.email, "time_zone": "Australia/Sydney"}
    )

    patient.refresh_from_db()
    assert response.status_code == 302
    assert patient.time_zone == "Australia/Sydney"


def test_the_profile_refuses_an_unknown_time_zone(patient_client, patient):
    response = patient_client.post(reverse("profile"), {"email": "", "time_zone": "Nowhere/City"})

    patient.refresh_from_db()
    assert "time_zone" in response.context["form"].errors
    assert patient.time_zone == "Europe/London"


def test_pages_use_the_patients_time_zone(patient_client):
    response = patient_client.get(reverse("profile"))

    assert str(response.context["TIME_ZONE"]) == "Europe/London"


def test_password_change_needs_the_old_password(patient_client, patient):
    response = patient_client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "n3w-calm-pass",
            "new_password2": "n3w-calm-pass",
        },
    )

    patient.refresh_from_db()
    assert "old_password" in response.context["form"].errors
    assert patient.check_password(PASSWORD)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, patient):
    client.post(reverse("password_reset"), {"email": patient.email})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "fresh-start-99", "new_password2": "fresh-start-99"},
    )
    patient.refresh_from_db()
    assert patient.check_password("fresh-start-99")
