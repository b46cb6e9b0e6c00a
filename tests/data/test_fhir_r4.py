"""The FHIR export checked against FHIR R4 (4.0.1) with the SMART on FHIR client's models
(fhirclient, pinned in the test extra; fhir.resources 8 has only R5, R4B and STU3):
every resource validates, every reference resolves inside the Bundle, every resource has a
generated narrative, check-ins and symptom checks are QuestionnaireResponses to a
Questionnaire in the Bundle, and the ACR 2016 scores are Observations worked out by hand."""

import json
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirelementfactory import FHIRElementFactory

from diary.data import fhir
from diary.models import SymptomCheck
from tests.conftest import TODAY
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

SITE = "https://unknot.example.org"
XHTML_DIV = "{http://www.w3.org/1999/xhtml}div"


@pytest.fixture
def checked(filled, patient):
    """The small diary and one weekly symptom check today.

    By hand: SSS = tiredness 2 + waking unrefreshed 3 + thinking 1 + headaches 1 +
    low belly 0 + low mood 1 = 8. WPI = the WPI areas with a spasm in the 7 days up to
    today: left lower leg and right lower leg (yesterday) and the neck (today) = 3.
    Total = 11.
    """
    SymptomCheck.objects.create(
        owner=patient,
        local_date=TODAY,
        client_token=uuid.uuid4(),
        fatigue=2,
        waking_unrefreshed=3,
        thinking=1,
        headaches=True,
        lower_belly_pain=False,
        low_mood=True,
    )
    return fhir.export_fhir(patient, SITE)


def resources(bundle, kind=None):
    return [
        entry["resource"]
        for entry in bundle["entry"]
        if kind is None or entry["resource"]["resourceType"] == kind
    ]


def by_code(bundle, code):
    return [
        r
        for r in resources(bundle, "Observation")
        if any(c.get("code") == code for c in r["code"].get("coding", []))
    ]


def references(value):
    """Every `reference` string anywhere inside a resource."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def test_the_bundle_validates_as_r4(checked):
    bundle = Bundle(checked)  # strict: raises FHIRValidationError on any fault

    assert bundle.type == "collection"
    assert len(bundle.entry) == len(checked["entry"])


@pytest.mark.parametrize(
    "kind",
    [
        "Patient",
        "Observation",
        "Questionnaire",
        "QuestionnaireResponse",
        "Procedure",
        "MedicationAdministration",
        "MedicationStatement",
    ],
)
def test_each_kind_of_resource_validates_as_r4(checked, kind):
    made = resources(checked, kind)

    assert made
    for resource in made:
        assert FHIRElementFactory.instantiate(kind, resource).as_json() == resource


def test_the_download_validates_as_r4(patient_client, filled):
    response = patient_client.get(reverse("diary:export_fhir"))

    Bundle(json.loads(downloaded(response)))


def test_every_reference_resolves_to_a_resource_in_the_bundle(checked):
    full_urls = [entry["fullUrl"] for entry in checked["entry"]]
    canonical = {r["url"] for r in resources(checked, "Questionnaire")}

    assert len(set(full_urls)) == len(full_urls)
    assert all(url.startswith("urn:uuid:") for url in full_urls)
    assert full_urls == [f"urn:uuid:{resource['id']}" for resource in resources(checked)]
    found = [ref for resource in resources(checked) for ref in references(resource)]
    assert found
    assert set(found) <= set(full_urls)
    for response in resources(checked, "QuestionnaireResponse"):
        assert response["questionnaire"] in canonical


def test_every_resource_has_a_generated_narrative(checked):
    for resource in resources(checked):
        text = resource["text"]
        assert text["status"] == "generated"
        div = ET.fromstring(text["div"])
        assert div.tag == XHTML_DIV
        assert "".join(div.itertext()).strip(), resource["resourceType"]


def test_a_narrative_shows_the_patients_words_as_text_not_markup(diary, patient, frozen_today):
    diary.spasm(TODAY, hour=9, intensity=4, areas=["neck"], note="<b>sharp</b> & sudden")
    spasm = resources(fhir.export_fhir(patient), "Observation")[0]

    div = ET.fromstring(spasm["text"]["div"])
    assert "<b>sharp</b> & sudden" in "".join(div.itertext())
    assert div.find(".//{http://www.w3.org/1999/xhtml}b") is None
    assert "Muscle spasm in Neck, 4/10" in "".join(div.itertext())


def test_observations_name_the_patient_as_subject_and_performer(checked):
    patient = f"urn:uuid:{resources(checked, 'Patient')[0]['id']}"

    for observation in resources(checked, "Observation"):
        assert observation["subject"] == {"reference": patient}
        assert observation["performer"] == [{"reference": patient}]


def test_the_patient_is_named_by_the_name_they_chose_to_show(patient, frozen_today):
    patient.shown_name = "Robin"
    patient.save(update_fields=["shown_name"])

    assert resources(fhir.export_fhir(patient), "Patient")[0]["name"] == [{"text": "Robin"}]


def test_a_check_in_is_a_questionnaire_response_to_the_daily_check_in(checked):
    questionnaire = next(
        q for q in resources(checked, "Questionnaire") if q["url"].endswith("/daily-check-in")
    )
    response = next(
        r
        for r in resources(checked, "QuestionnaireResponse")
        if r["questionnaire"] == questionnaire["url"] and r["authored"] == TODAY.isoformat()
    )
    answers = {item["linkId"]: item["answer"][0] for item in response["item"]}

    assert questionnaire["url"] == f"{SITE}/fhir/Questionnaire/daily-check-in"
    assert response["status"] == "completed"
    assert answers["sleep_hours"] == {"valueDecimal": 5.5}
    assert answers["stress"] == {"valueInteger": 7}
    assert answers["water_glasses"] == {"valueInteger": 3}
    assert answers["note"] == {"valueString": "long day"}
    assert set(answers) <= {item["linkId"] for item in questionnaire["item"]}


def test_a_check_in_with_one_answer_has_one_item(checked):
    response = next(
        r for r in resources(checked, "QuestionnaireResponse") if r["authored"] == "2025-03-01"
    )

    assert response["item"] == [
        {"linkId": "stress", "text": response["item"][0]["text"], "answer": [{"valueInteger": 2}]}
    ]


def test_a_check_ins_overall_pain_is_a_pain_severity_observation(checked):
    pain = next(r for r in by_code(checked, "72514-3") if r["effectiveDateTime"] == str(TODAY))
    response = next(
        r for r in resources(checked, "QuestionnaireResponse") if r["authored"] == str(TODAY)
    )

    assert pain["valueInteger"] == 5
    assert pain["code"]["coding"][0]["system"] == "http://loinc.org"
    assert pain["derivedFrom"] == [{"reference": f"urn:uuid:{response['id']}"}]


def test_a_check_in_without_overall_pain_has_no_pain_observation(checked):
    dates = [r["effectiveDateTime"] for r in by_code(checked, "72514-3")]

    assert "2025-03-01" not in dates


def test_the_symptom_check_is_a_questionnaire_response_too(checked):
    response = next(
        r
        for r in resources(checked, "QuestionnaireResponse")
        if r["questionnaire"] == f"{SITE}/fhir/Questionnaire/symptom-check"
    )
    answers = {item["linkId"]: item["answer"][0] for item in response["item"]}

    assert answers == {
        "fatigue": {"valueInteger": 2},
        "waking_unrefreshed": {"valueInteger": 3},
        "thinking": {"valueInteger": 1},
        "headaches": {"valueBoolean": True},
        "lower_belly_pain": {"valueBoolean": False},
        "low_mood": {"valueBoolean": True},
    }


@pytest.mark.parametrize(("code", "value"), [("wpi", 3), ("sss", 8), ("wpi-sss-total", 11)])
def test_the_acr_scores_are_observations_with_local_codes(checked, code, value):
    (score,) = by_code(checked, code)
    coding = score["code"]["coding"][0]

    assert coding["system"] == f"{SITE}/fhir/CodeSystem/unknot"
    assert "ACR 2016" in coding["display"]
    assert score["valueInteger"] == value
    assert score["effectiveDateTime"] == TODAY.isoformat()


def test_the_wpi_names_its_areas(checked):
    (wpi,) = by_code(checked, "wpi")

    assert wpi["note"][0]["text"].count(",") == 2  # three areas


def test_the_total_is_derived_from_the_wpi_and_the_sss(checked):
    (total,) = by_code(checked, "wpi-sss-total")
    (wpi,) = by_code(checked, "wpi")
    (sss,) = by_code(checked, "sss")

    assert total["derivedFrom"] == [
        {"reference": f"urn:uuid:{wpi['id']}"},
        {"reference": f"urn:uuid:{sss['id']}"},
    ]


def test_scores_of_a_check_a_week_later_count_only_that_week(checked, patient, diary):
    later = TODAY + timedelta(days=8)
    SymptomCheck.objects.create(
        owner=patient,
        local_date=later,
        client_token=uuid.uuid4(),
        fatigue=0,
        waking_unrefreshed=0,
        thinking=0,
        headaches=False,
        lower_belly_pain=False,
        low_mood=False,
    )
    bundle = fhir.export_fhir(patient, SITE)
    wpi = {r["effectiveDateTime"]: r["valueInteger"] for r in by_code(bundle, "wpi")}

    assert wpi == {TODAY.isoformat(): 3, later.isoformat(): 0}


def test_an_empty_diary_is_only_the_patient(patient, frozen_today):
    bundle = fhir.export_fhir(patient, SITE)

    assert [r["resourceType"] for r in resources(bundle)] == ["Patient"]
    Bundle(bundle)


def test_medicines_stay_statements_and_administrations(checked):
    statements = resources(checked, "MedicationStatement")
    doses = resources(checked, "MedicationAdministration")

    assert len(statements) == 3
    assert len(doses) == 2
    assert {d["medicationCodeableConcept"]["text"] for d in doses} == {"Magnesium"}


def test_resource_ids_are_unique_and_stable(checked, patient):
    ids = [r["id"] for r in resources(checked)]

    assert len(set(ids)) == len(ids)
    again = [r["id"] for r in resources(fhir.export_fhir(patient, SITE))]
    assert again == ids
