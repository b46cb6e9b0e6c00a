"""The FHIR export: a collection Bundle that validates as FHIR R4 (fhirclient's R4 models;
more in test_fhir_r4.py), with codes checked by hand (the models check structure, not
codes)."""

import json

import pytest
from django.urls import reverse
from fhirclient.models.bundle import Bundle

from diary.charts.body_map import SLUGS
from diary.data import fhir
from diary.models import BodyArea
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

URL = reverse("diary:export_fhir")


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_bundle_validates(patient_client, filled):
    response = patient_client.get(URL)
    document = json.loads(downloaded(response))

    assert response["Content-Type"] == "application/fhir+json"
    bundle = Bundle(document)
    assert bundle.type == "collection"
    kinds = [entry.resource.resource_type for entry in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("Observation") == 3 + 1  # spasms + the one check-in with overall pain
    assert kinds.count("QuestionnaireResponse") == 2  # check-ins
    assert kinds.count("Questionnaire") == 1
    assert kinds.count("Procedure") == 2
    assert kinds.count("MedicationAdministration") == 2
    assert kinds.count("MedicationStatement") == 3


def test_an_empty_diary_still_validates(patient, frozen_today):
    bundle = Bundle(fhir.export_fhir(patient))

    # Only the patient: no entries, no observations.
    assert [entry.resource.resource_type for entry in bundle.entry] == ["Patient"]


def test_spasms_are_pain_severity_observations(patient, filled):
    bundle = fhir.export_fhir(patient)
    spasm = next(r for r in resources(bundle, "Observation") if r.get("valueInteger") == 7)

    assert spasm["code"]["coding"][0]["system"] == "http://loinc.org"
    assert spasm["code"]["coding"][0]["code"] == "72514-3"
    assert spasm["category"][0]["coding"][0]["code"] == "survey"
    assert spasm["effectiveDateTime"] == "2025-03-30T03:00:00+01:00"
    assert spasm["subject"]["reference"] == bundle["entry"][0]["fullUrl"]
    assert spasm["bodySite"]["text"] == "Left calf or shin, Right calf or shin"
    assert [c["code"] for c in spasm["bodySite"]["coding"]] == ["48979004", "32696007"]
    assert {c["code"]["text"] for c in spasm["component"]} == {
        "Spasm duration",
        "Kind of spasm",
        "Activity when it started",
        "Possible trigger",
    }
    assert spasm["note"][0]["text"].startswith("Woke me up")
    assert all(
        0 <= r["valueInteger"] <= 10
        for r in resources(bundle, "Observation")
        if "valueInteger" in r
    )


def test_every_body_area_has_a_snomed_body_site():
    assert set(fhir.BODY_SITES) == set(SLUGS)
    assert all(code.isdigit() for code, _display in fhir.BODY_SITES.values())


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("neck", "45048000"),
        ("lower-back", "37822005"),
        ("left-shoulder-girdle", "91775009"),
        ("right-shoulder-girdle", "91774008"),
        ("left-hand", "85151006"),
        ("right-foot", "7769000"),
        ("left-upper-leg", "61396006"),
        ("abdomen", "113345001"),
    ],
)
def test_known_snomed_codes(slug, code):
    assert fhir.BODY_SITES[slug][0] == code


def test_every_shipped_body_area_is_mapped(db):
    assert set(BodyArea.objects.values_list("slug", flat=True)) <= set(fhir.BODY_SITES)


def test_check_ins_sessions_and_doses(patient, filled):
    bundle = fhir.export_fhir(patient)

    check_in = next(
        r for r in resources(bundle, "QuestionnaireResponse") if r["authored"] == "2025-03-31"
    )
    answers = {item["text"]: item["answer"][0] for item in check_in["item"]}
    assert answers["Hours slept"] == {"valueDecimal": 5.5}
    assert answers["Stress (0 = calm, 10 = worst)"] == {"valueInteger": 7}

    heat = next(r for r in resources(bundle, "Procedure") if r["code"]["text"] == "Heat")
    assert heat["status"] == "completed"
    assert heat["performedPeriod"]["start"] == "2025-03-31T18:00:00+01:00"
    assert heat["performedPeriod"]["end"] == "2025-03-31T18:15:00+01:00"
    assert heat["outcome"]["text"] == "Helped a lot; spasm 7/10 before; 3/10 after"

    doses = resources(bundle, "MedicationAdministration")
    assert {d["medicationCodeableConcept"]["text"] for d in doses} == {"Magnesium"}
    by_text = {d["dosage"]["text"]: d["dosage"]["dose"] for d in doses}
    assert by_text["400 mg"] == {
        "value": 400,
        "unit": "mg",
        "system": "http://unitsofmeasure.org",
        "code": "mg",
    }
    assert by_text["1.5 tablet"] == {"value": 1.5, "unit": "tablet"}

    statements = {
        s["medicationCodeableConcept"]["text"]: s for s in resources(bundle, "MedicationStatement")
    }
    assert statements["Magnesium"]["status"] == "active"
    assert statements["Amitriptyline"]["status"] == "completed"
