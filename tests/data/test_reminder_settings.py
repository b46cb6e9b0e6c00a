import datetime as dt

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("diary:reminders")


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_reminders_are_off_until_the_patient_turns_them_on(patient_client, patient):
    response = patient_client.get(URL)

    assert response.status_code == 200
    assert not patient.reminder_enabled


def test_it_turns_reminders_on_at_a_chosen_time(patient_client, patient):
    response = patient_client.post(URL, {"reminder_enabled": "on", "reminder_time": "07:30"})

    patient.refresh_from_db()
    assert response.status_code == 302
    assert patient.reminder_enabled
    assert patient.reminder_time == dt.time(7, 30)


def test_changing_the_time_never_brings_a_second_reminder_that_day(patient_client, patient):
    patient.reminder_last_sent_on = dt.date(2025, 6, 10)
    patient.save()

    patient_client.post(URL, {"reminder_enabled": "on", "reminder_time": "22:00"})

    patient.refresh_from_db()
    assert patient.reminder_last_sent_on == dt.date(2025, 6, 10)


def test_it_needs_an_email_address(patient_client, patient):
    patient.email = ""
    patient.save()

    response = patient_client.post(URL, {"reminder_enabled": "on", "reminder_time": "07:30"})

    patient.refresh_from_db()
    assert "add your email address" in response.context["form"].errors["reminder_enabled"][0]
    assert not patient.reminder_enabled


def test_it_explains_a_bad_time(patient_client, patient):
    response = patient_client.post(URL, {"reminder_enabled": "on", "reminder_time": "late"})

    assert response.context["form"].errors["reminder_time"] == ["Enter a time like 20:00."]
