"""Entries kept on the device while offline, sent later (diary/daily/offline.py).

The device resends the form as it was, with the time it was made (`made_at`), the
account it was made in (`kept_for`) and the header X-Kept-Entry. The answer is short:
201 saved, 422 refused, 409 another account's, 401 logged out.
"""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from diary.daily.offline import KEEP_HOURS, device_key, moment_made
from diary.models import BodyArea, CheckIn, Dose, Medication, Spasm

pytestmark = pytest.mark.django_db

QUICK_SPASM = reverse("diary:quick_spasm")
QUICK_DOSE = reverse("diary:quick_dose")
FLARE = reverse("diary:flare")
KEPT = {"headers": {"X-Kept-Entry": "1"}}
# 14:05 in London (GMT in December).
NOW = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def kept_spasm(patient, made_at, **extra):
    return {
        "area": "neck",
        "intensity": "6",
        "client_token": str(uuid.uuid4()),
        "made_at": iso(made_at),
        "kept_for": device_key(patient),
        **extra,
    }


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def test_a_kept_quick_spasm_is_saved_at_the_time_it_was_made(patient_client, patient, frozen):
    made = NOW - timedelta(hours=2, minutes=10)

    response = patient_client.post(QUICK_SPASM, kept_spasm(patient, made), **KEPT)

    assert (response.status_code, response.json()) == (201, {"result": "saved"})
    spasm = Spasm.objects.get(owner=patient)
    assert spasm.started_at == made
    assert [area.slug for area in spasm.body_areas.all()] == ["neck"]


def test_a_kept_entry_sent_twice_is_saved_once(patient_client, patient, frozen):
    data = kept_spasm(patient, NOW - timedelta(minutes=30))

    first = patient_client.post(QUICK_SPASM, data, **KEPT)
    again = patient_client.post(QUICK_SPASM, data, **KEPT)

    assert (first.status_code, again.status_code) == (201, 201)
    assert Spasm.objects.filter(owner=patient).count() == 1


def test_a_spasm_kept_before_midnight_and_sent_after_goes_to_the_day_it_was_made(
    patient_client, patient
):
    made = datetime(2026, 11, 30, 23, 50, tzinfo=UTC)
    with time_machine.travel(datetime(2026, 12, 1, 0, 20, tzinfo=UTC), tick=False):
        patient_client.post(QUICK_SPASM, kept_spasm(patient, made), **KEPT)

    assert Spasm.objects.get(owner=patient).local_date.isoformat() == "2026-11-30"


def test_an_entry_kept_longer_than_the_limit_is_refused_and_nothing_is_saved(
    patient_client, patient, frozen
):
    made = NOW - timedelta(hours=KEEP_HOURS, minutes=1)

    response = patient_client.post(QUICK_SPASM, kept_spasm(patient, made), **KEPT)

    assert (response.status_code, response.json()) == (422, {"result": "refused"})
    assert not Spasm.objects.exists()


def test_an_entry_kept_just_inside_the_limit_is_saved(patient_client, patient, frozen):
    made = NOW - timedelta(hours=KEEP_HOURS) + timedelta(minutes=1)

    assert patient_client.post(QUICK_SPASM, kept_spasm(patient, made), **KEPT).status_code == 201
    assert Spasm.objects.get(owner=patient).started_at == made


def test_a_device_clock_running_ahead_saves_the_entry_now(patient_client, patient, frozen):
    patient_client.post(QUICK_SPASM, kept_spasm(patient, NOW + timedelta(hours=3)), **KEPT)

    assert Spasm.objects.get(owner=patient).started_at == NOW


def test_an_entry_kept_for_another_account_is_not_saved_into_this_one(
    patient_client, patient, stranger, frozen
):
    data = kept_spasm(patient, NOW, kept_for=device_key(stranger))

    response = patient_client.post(QUICK_SPASM, data, **KEPT)

    assert (response.status_code, response.json()) == (409, {"result": "other-account"})
    assert not Spasm.objects.exists()


def test_a_kept_entry_sent_while_logged_out_is_kept_for_later(client, patient, frozen):
    response = client.post(QUICK_SPASM, kept_spasm(patient, NOW), **KEPT)

    assert (response.status_code, response.json()) == (401, {"result": "log-in"})
    assert not Spasm.objects.exists()


def test_a_kept_spasm_for_an_area_no_longer_offered_is_refused(patient_client, patient, frozen):
    BodyArea.objects.filter(slug="neck").update(is_active=False)

    response = patient_client.post(QUICK_SPASM, kept_spasm(patient, NOW), **KEPT)

    assert response.status_code == 422
    assert not Spasm.objects.exists()


def test_a_kept_flare_log_keeps_its_time(patient_client, patient, frozen):
    made = NOW - timedelta(minutes=45)

    response = patient_client.post(FLARE, kept_spasm(patient, made, intensity="8"), **KEPT)

    assert response.status_code == 201
    assert Spasm.objects.get(owner=patient).started_at == made


@pytest.fixture
def baclofen(patient):
    return Medication.objects.create(
        owner=patient, name="Baclofen", usual_amount=Decimal("10"), usual_unit="mg"
    )


def kept_dose(patient, medication, made_at):
    return {
        "medication": str(medication.pk),
        "client_token": str(uuid.uuid4()),
        "made_at": iso(made_at),
        "kept_for": device_key(patient),
    }


def test_a_kept_dose_is_saved_once_at_the_time_it_was_taken(
    patient_client, patient, baclofen, frozen
):
    made = NOW - timedelta(minutes=20)
    data = kept_dose(patient, baclofen, made)

    assert patient_client.post(QUICK_DOSE, data, **KEPT).status_code == 201
    assert patient_client.post(QUICK_DOSE, data, **KEPT).status_code == 201

    dose = Dose.objects.get(owner=patient)
    assert (dose.taken_at, dose.amount, dose.unit) == (made, Decimal("10"), "mg")


def test_a_kept_dose_of_a_medicine_since_removed_is_refused_not_reported_saved(
    patient_client, patient, baclofen, frozen
):
    data = kept_dose(patient, baclofen, NOW)
    baclofen.delete()

    response = patient_client.post(QUICK_DOSE, data, **KEPT)

    assert response.status_code == 422
    assert not Dose.objects.exists()


def test_a_kept_check_in_is_saved_for_the_day_it_names(patient_client, patient, frozen):
    data = {
        "stress": "3",
        "note": "Tense shoulders",
        "client_token": str(uuid.uuid4()),
        "made_at": iso(NOW - timedelta(days=1)),
        "kept_for": device_key(patient),
    }

    response = patient_client.post(reverse("diary:check_in") + "?date=2026-11-30", data, **KEPT)

    assert response.status_code == 201
    check_in = CheckIn.objects.get(owner=patient)
    assert (check_in.local_date.isoformat(), check_in.stress) == ("2026-11-30", 3)


def test_a_kept_check_in_with_no_answer_is_refused(patient_client, patient, frozen):
    data = {"client_token": str(uuid.uuid4()), "kept_for": device_key(patient)}

    response = patient_client.post(reverse("diary:check_in"), data, **KEPT)

    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_an_ordinary_quick_log_is_answered_as_before(patient_client, patient):
    response = patient_client.post(
        QUICK_SPASM, {"area": "neck", "intensity": "4", "client_token": str(uuid.uuid4())}
    )

    assert response.status_code == 302


def test_every_page_names_the_account_its_kept_entries_belong_to(patient_client, patient):
    body = patient_client.get(reverse("diary:dashboard")).content.decode()

    assert f'data-kept-for="{device_key(patient)}"' in body


def test_the_key_is_the_same_for_one_account_and_differs_between_accounts(patient, stranger):
    assert device_key(patient) == device_key(type(patient).objects.get(pk=patient.pk))
    assert device_key(patient) != device_key(stranger)


@pytest.mark.parametrize("text", ["", "yesterday", "2026-12-01T10:00", "2026-13-45T10:00Z"])
def test_a_time_that_cannot_be_read_or_has_no_zone_is_refused(text):
    with pytest.raises(ValidationError):
        moment_made(text, now=NOW)


def test_a_time_with_its_zone_is_read_as_that_moment():
    assert moment_made("2026-12-01T15:00:00+01:00", now=NOW) == NOW - timedelta(minutes=5)
