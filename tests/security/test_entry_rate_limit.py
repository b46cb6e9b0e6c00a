"""At most ENTRIES_PER_MINUTE new diary entries a minute per patient: past that, a
clear message, status 429, and nothing saved. Every way of adding an entry counts."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from diary.models import Dose, Spasm, TechniqueSession

pytestmark = pytest.mark.django_db

QUICK = reverse("diary:quick_spasm")
LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.ENTRIES_PER_MINUTE = LIMIT


def quick(token=None):
    return {"area": "neck", "intensity": "6", "client_token": token or str(uuid.uuid4())}


def fill_the_minute(client):
    for _ in range(LIMIT):
        assert client.post(QUICK, quick()).status_code == 302


def test_the_default_limit_is_thirty_a_minute():
    from config import settings as real

    assert real.ENTRIES_PER_MINUTE == 30


def test_one_entry_too_many_gets_429_a_clear_message_and_saves_nothing(patient_client, patient):
    fill_the_minute(patient_client)

    response = patient_client.post(QUICK, quick())

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    page = response.content.decode()
    assert "You have added 3 entries in the last minute" in page
    assert "Nothing was saved this time" in page
    assert Spasm.objects.filter(owner=patient).count() == LIMIT


def test_with_htmx_the_page_reloads_to_show_the_message(patient_client, patient):
    fill_the_minute(patient_client)

    response = patient_client.post(QUICK, quick(), headers={"HX-Request": "true"})

    assert response.status_code == 429
    assert response.headers["HX-Refresh"] == "true"
    assert Spasm.objects.filter(owner=patient).count() == LIMIT
    reloaded = patient_client.get(reverse("diary:dashboard")).content.decode()
    assert "You have added 3 entries in the last minute" in reloaded


def test_the_full_forms_count_too(patient_client, patient, make_medication):
    medication = make_medication(patient)
    fill_the_minute(patient_client)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    technique = patient_client.post(
        reverse("diary:technique_log"), {"technique": "stretching", "started_at": now}
    )
    dose = patient_client.post(
        reverse("diary:entry_new", args=["doses"]),
        {"medication": medication.pk, "dose": "400 mg", "taken_at": now},
    )
    quick_dose = patient_client.post(reverse("diary:quick_dose"), {"medication": medication.pk})

    assert technique.status_code == dose.status_code == quick_dose.status_code == 429
    assert not TechniqueSession.objects.exists()
    assert not Dose.objects.exists()


def test_a_retried_post_of_a_saved_entry_is_not_refused(patient_client, patient):
    token = str(uuid.uuid4())
    patient_client.post(QUICK, quick(token))
    for _ in range(LIMIT - 1):
        patient_client.post(QUICK, quick())

    response = patient_client.post(QUICK, quick(token))

    assert response.status_code == 302
    assert Spasm.objects.filter(owner=patient).count() == LIMIT


def test_editing_an_entry_is_not_counted(patient_client, patient, make_spasm):
    spasm = make_spasm(patient, intensity=3)
    fill_the_minute(patient_client)
    started = timezone.localtime(spasm.started_at).strftime("%Y-%m-%dT%H:%M")

    response = patient_client.post(
        reverse("diary:entry_edit", args=["spasms", spasm.pk]),
        {"started_at": started, "intensity": "4"},
    )

    assert response.status_code == 302
    spasm.refresh_from_db()
    assert spasm.intensity == 4


def test_the_next_minute_is_open_again(patient_client, patient):
    start = timezone.now().replace(second=5)
    with time_machine.travel(start, tick=False) as traveller:
        fill_the_minute(patient_client)
        assert patient_client.post(QUICK, quick()).status_code == 429

        traveller.shift(timedelta(minutes=1))

        assert patient_client.post(QUICK, quick()).status_code == 302


def test_one_patients_burst_does_not_stop_another(patient_client, stranger, client):
    fill_the_minute(patient_client)
    client.force_login(stranger)

    assert client.post(QUICK, quick()).status_code == 302
