"""A FHIR export brought to the import page is refused whole, saying why: the FHIR
Bundle is for a clinic's records, and the diary file (JSON) is the one that comes back."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diary.data import fhir
from diary.models import Spasm

pytestmark = pytest.mark.django_db


def test_an_exported_fhir_bundle_is_refused_with_the_reason(patient_client, patient, filled):
    before = Spasm.objects.owned_by(patient).count()
    upload = SimpleUploadedFile(
        "unknot-fhir.json", fhir.export_fhir_bytes(patient), "application/fhir+json"
    )

    response = patient_client.post(reverse("diary:import"), {"file": upload})

    assert response.status_code == 400
    message = response.context["form"].errors["file"][0]
    assert "It is a FHIR file, made for a clinic's records" in message
    assert "Choose the diary file (JSON)" in message
    assert Spasm.objects.owned_by(patient).count() == before


def test_any_bundle_is_refused_the_same_way(patient_client):
    document = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []})
    upload = SimpleUploadedFile("bundle.json", document.encode(), "application/json")

    response = patient_client.post(reverse("diary:import"), {"file": upload})

    assert "It is a FHIR file" in response.context["form"].errors["file"][0]
