"""Export, delete, import: the same diary comes back, entry for entry."""

import pytest
from django.urls import reverse

from diary.data import json_records
from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession
from tests.conftest import PASSWORD, TODAY, at
from tests.helpers import downloaded, upload

pytestmark = pytest.mark.django_db


def canonical(user):
    """Everything the patient owns, in one fixed, comparable form."""
    return json_records.diary_records(user)


@pytest.fixture
def full(filled, patient):
    # One row made without a client token, as the admin or an old version would.
    Spasm.objects.create(owner=patient, started_at=at(TODAY, 6, user=patient), intensity=5)
    return filled


def test_export_delete_entries_import_gives_back_the_same_diary(patient_client, patient, full):
    before = canonical(patient)
    document = json_records.export_json(patient)
    for model in (Spasm, Dose, TechniqueSession, CheckIn, Medication):
        model.objects.owned_by(patient).delete()
    assert canonical(patient)["spasms"] == []

    response = patient_client.post(reverse("diary:import"), {"file": upload(document)})

    assert response.status_code == 302
    assert canonical(patient) == before


def test_export_delete_account_import_gives_back_the_same_diary(client, patient, make_user, full):
    client.force_login(patient)
    before = canonical(patient)
    document = downloaded(client.get(reverse("diary:export_json")))
    client.post(reverse("diary:delete_account"), {"password": PASSWORD})

    again = make_user("pat", time_zone="Europe/London")
    client.force_login(again)
    client.post(reverse("diary:import"), {"file": upload(document)})

    assert canonical(again) == before
