import json
import uuid

import pytest
from django.urls import reverse

from diary.data import ids, json_records
from diary.data.schema import ENTRY_KINDS
from diary.models import Spasm
from tests.conftest import TODAY, Diary, at
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

URL = reverse("diary:export_json")


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_downloads_everything_the_patient_owns(patient_client, filled):
    response = patient_client.get(URL)
    document = json.loads(downloaded(response))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == ('attachment; filename="unknot-pat-2025-03-31.json"')
    assert "no-cache" in response["Cache-Control"]
    assert document["format"] == "unknot-diary"
    assert document["schema_version"] == 1
    assert document["checksum"] == json_records.checksum(document)
    assert {kind.section: len(document[kind.section]) for kind in ENTRY_KINDS} == {
        "spasms": 3,
        "doses": 2,
        "technique_sessions": 2,
        "check_ins": 2,
        "symptom_checks": 0,
    }
    assert [m["name"] for m in document["medications"]] == [
        "Amitriptyline",
        "Heat rub",
        "Magnesium",
    ]


def test_it_names_catalogue_items_by_slug_and_keeps_exact_values(patient_client, filled):
    document = json.loads(downloaded(patient_client.get(URL)))
    cramp = document["spasms"][0]

    assert cramp["body_areas"] == ["left-lower-leg", "right-lower-leg"]
    assert cramp["triggers"] == ["poor-sleep", "cold"]  # catalogue order
    assert cramp["started_at"] == "2025-03-30T03:00:00+01:00"  # the patient's own offset
    assert cramp["local_date"] == "2025-03-30"
    assert cramp["duration_seconds"] == 95
    assert cramp["note"] == 'Woke me up, "calf", ünïcode; =1+1'
    assert document["doses"][0]["amount"] == "1.5"
    assert document["technique_sessions"][0]["technique"] in {"heat", "deep-breathing"}
    assert document["check_ins"][1]["sleep_hours"] == "5.5"
    assert document["medications"][0]["medication_class"] == "antidepressant"


def test_every_entry_carries_a_stable_id(patient, filled):
    # A row made without a client token (by the admin, say) still gets a stable id.
    untokened = Spasm.objects.create(
        owner=patient, started_at=at(TODAY, 9, user=patient), intensity=4
    )

    first = json_records.export_json(patient)
    second = json_records.export_json(patient)

    first_ids = [spasm["id"] for spasm in first["spasms"]]
    assert first_ids == [spasm["id"] for spasm in second["spasms"]]
    assert len(set(first_ids)) == len(first_ids)
    assert all(uuid.UUID(value) for value in first_ids)
    assert str(ids.derived_id(Spasm, untokened.pk)) in first_ids


def test_it_leaves_out_other_patients(patient, stranger, frozen_today):
    Diary(stranger).spasm(frozen_today, note="not yours")
    Diary(stranger).medication("Their pill")

    document = json_records.export_json(patient)

    assert document["spasms"] == [] and document["medications"] == []
