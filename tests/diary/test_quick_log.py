"""Logging a spasm from the dashboard: tap the area, tap the number."""

import uuid
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from diary.models import Spasm, SpasmTimer

pytestmark = pytest.mark.django_db

QUICK = reverse("diary:quick_spasm")
DASHBOARD = reverse("diary:dashboard")


def quick(area="left-lower-leg", intensity=6, **extra):
    return {"area": area, "intensity": intensity, "client_token": str(uuid.uuid4()), **extra}


def test_choosing_an_area_offers_the_eleven_intensity_buttons(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck").content.decode()

    assert page.count('name="intensity"') == 11
    assert "Neck: how bad is it?" in page


def test_tapping_a_number_saves_the_spasm_with_its_area(patient_client, patient):
    response = patient_client.post(QUICK, quick())

    spasm = Spasm.objects.get(owner=patient)
    assert response.status_code == 302
    assert spasm.intensity == 6
    assert [area.slug for area in spasm.body_areas.all()] == ["left-lower-leg"]
    assert abs(spasm.started_at - timezone.now()) < timedelta(minutes=1)


def test_the_dashboard_confirms_the_saved_spasm_with_undo_and_details(patient_client):
    response = patient_client.post(QUICK, quick(), follow=True)
    page = response.content.decode()

    assert "Left calf or shin: 6 out of 10 (moderate)" in page
    assert "Undo" in page
    assert "Add details" in page


def test_htmx_gets_the_panel_and_the_updated_counts_without_a_reload(patient_client):
    response = patient_client.post(
        QUICK, quick(), headers={"HX-Request": "true", "HX-Target": "quick-log"}
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="quick-log"' in page
    assert 'id="today"' in page and 'data-hx-swap-oob="true"' in page
    assert "1</strong>" in page


def test_a_double_click_saves_one_spasm(patient_client, patient):
    data = quick()

    patient_client.post(QUICK, data)
    patient_client.post(QUICK, data)

    assert Spasm.objects.filter(owner=patient).count() == 1


@pytest.mark.parametrize("intensity", ["11", "-1", "abc", "", "5.5"])
def test_an_intensity_outside_zero_to_ten_saves_nothing(patient_client, patient, intensity):
    response = patient_client.post(QUICK, quick(intensity=intensity))

    assert response.status_code == 422
    assert not Spasm.objects.filter(owner=patient).exists()


def test_an_unknown_area_saves_nothing_and_says_why(patient_client, patient):
    response = patient_client.post(QUICK, quick(area="tail"))

    assert response.status_code == 422
    assert "Choose where the spasm is." in response.content.decode()
    assert not Spasm.objects.filter(owner=patient).exists()


def test_quick_log_refuses_get(patient_client):
    assert patient_client.get(QUICK).status_code == 405


def test_the_day_is_the_patients_own_day(patient_client, patient):
    patient.time_zone = "Pacific/Auckland"
    patient.save()

    patient_client.post(QUICK, quick())

    spasm = Spasm.objects.get(owner=patient)
    assert spasm.local_date == timezone.localtime(spasm.started_at, patient.zone).date()


def at_local(patient, hour, minute=0):
    today = timezone.localtime(timezone.now(), patient.zone).date()
    return datetime(today.year, today.month, today.day, hour, minute, tzinfo=patient.zone)


def test_after_midnight_the_quick_log_asks_which_day(patient_client, patient):
    with time_machine.travel(at_local(patient, 1, 30), tick=False):
        page = patient_client.get(DASHBOARD + "?area=neck").content.decode()

    assert "Which day does this belong to?" in page
    assert "Last night" in page


def test_after_midnight_last_night_files_it_under_yesterday(patient_client, patient):
    moment = at_local(patient, 1, 30)
    with time_machine.travel(moment, tick=False):
        patient_client.post(QUICK, quick(belongs_to="previous"))

    spasm = Spasm.objects.get(owner=patient)
    assert spasm.local_date == moment.date() - timedelta(days=1)


def test_after_midnight_today_files_it_under_today(patient_client, patient):
    moment = at_local(patient, 1, 30)
    with time_machine.travel(moment, tick=False):
        patient_client.post(QUICK, quick(belongs_to="same"))

    assert Spasm.objects.get(owner=patient).local_date == moment.date()


def test_in_the_afternoon_no_day_question_is_asked(patient_client, patient):
    with time_machine.travel(at_local(patient, 15), tick=False):
        page = patient_client.get(DASHBOARD + "?area=neck").content.decode()

    assert "Which day does this belong to?" not in page


def test_a_stopped_timer_gives_the_spasm_its_start_and_length(patient_client, patient):
    started = timezone.now() - timedelta(minutes=3)
    SpasmTimer.objects.create(
        owner=patient, started_at=started, stopped_at=started + timedelta(seconds=95)
    )

    patient_client.post(QUICK, quick())

    spasm = Spasm.objects.get(owner=patient)
    assert spasm.started_at == started
    assert spasm.duration_seconds == 95
    assert not SpasmTimer.objects.filter(owner=patient).exists()
