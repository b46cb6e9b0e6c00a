"""The patient's diary as a FHIR R4 `collection` Bundle, from the plain records.

Built from `each_record` (diary.data.json_records), like the JSON and the CSV,
so the three formats hold the same entries, and written as it is read, a
resource at a time: a download cut off part-way is JSON that does not parse.
Each resource's id is the entry's stable id (diary.data.ids).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from diary.data.ids import derived_id
from diary.data.json_records import each_record, in_chunks
from diary.data.schema import (
    CHECK_INS,
    DOSES,
    MEDICATIONS,
    SPASMS,
    TECHNIQUE_SESSIONS,
    DecimalText,
)
from diary.models import BodyArea, Medication, MedicationClass, Spasm, Technique, Trigger

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
SURVEY = {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}

#: Each body-area slug -> (SNOMED CT code, display). Where SNOMED CT has a concept
#: for one side (shoulders, arms, hips, legs, hands, feet) it is used; for the jaw
#: the code is the region's and the side is in the CodeableConcept's text, and the
#: upper back uses the back's code (SNOMED CT has no plain "upper back" region).
BODY_SITES = {
    "neck": ("45048000", "Neck structure"),
    "left-jaw": ("661005", "Jaw region structure"),
    "right-jaw": ("661005", "Jaw region structure"),
    "left-shoulder-girdle": ("91775009", "Structure of left shoulder region"),
    "right-shoulder-girdle": ("91774008", "Structure of right shoulder region"),
    "upper-back": ("77568009", "Back structure, excluding neck"),
    "lower-back": ("37822005", "Lower back structure"),
    "chest": ("51185008", "Thoracic structure"),
    "abdomen": ("113345001", "Abdominal structure"),
    "left-upper-arm": ("368208006", "Left upper arm structure"),
    "right-upper-arm": ("368209003", "Right upper arm structure"),
    "left-lower-arm": ("66480008", "Structure of left forearm"),
    "right-lower-arm": ("64262003", "Structure of right forearm"),
    "left-hand": ("85151006", "Structure of left hand"),
    "right-hand": ("78791008", "Structure of right hand"),
    "left-hip": ("287679003", "Left hip region structure"),
    "right-hip": ("287579007", "Right hip region structure"),
    "left-upper-leg": ("61396006", "Structure of left thigh"),
    "right-upper-leg": ("11207009", "Structure of right thigh"),
    "left-lower-leg": ("48979004", "Structure of left lower leg"),
    "right-lower-leg": ("32696007", "Structure of right lower leg"),
    "left-foot": ("22335008", "Structure of left foot"),
    "right-foot": ("7769000", "Structure of right foot"),
}

# Units a dose may be written in that UCUM can express.
UCUM_UNITS = {"mg": "mg", "g": "g", "mcg": "ug", "ml": "mL", "IU": "[iU]"}

HELPED_WORDS = {0: "Did not help", 1: "Helped a little", 2: "Helped a lot"}


def _number(text: str | None):
    """A decimal string as a JSON number (FHIR's decimal), keeping whole numbers whole."""
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def _entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _identifier(record_id: str) -> list[dict]:
    return [{"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{record_id}"}]


def _note(text: str) -> dict:
    return {"note": [{"text": text}]} if text else {}


def _survey(record, subject, code, effective) -> dict:
    """A final survey Observation of one entry: what the patient reported, and when."""
    return {
        "resourceType": "Observation",
        "id": record["id"],
        "identifier": _identifier(record["id"]),
        "status": "final",
        "category": [SURVEY],
        "code": code,
        "subject": subject,
        "effectiveDateTime": effective,
        **_note(record["note"]),
    }


def body_site(slugs: list[str], names: dict[str, str]) -> dict | None:
    """One CodeableConcept for a spasm's areas.

    Observation.bodySite holds a single concept: one area gives one SNOMED CT
    coding; several areas give one coding each and a text naming them all.
    """
    if not slugs:
        return None
    codings = []
    for slug in slugs:
        if slug in BODY_SITES:
            code, display = BODY_SITES[slug]
            coding = {"system": SNOMED, "code": code, "display": display}
            if coding not in codings:
                codings.append(coding)
    concept = {"text": ", ".join(names.get(slug, slug) for slug in slugs)}
    if codings:
        concept["coding"] = codings
    return concept


def _spasm_observation(record, subject, names) -> dict:
    components = []
    if record["duration_seconds"] is not None:
        components.append(
            {
                "code": {"text": "Spasm duration"},
                "valueQuantity": {
                    "value": record["duration_seconds"],
                    "unit": "s",
                    "system": UCUM,
                    "code": "s",
                },
            }
        )
    if record["kind"]:
        components.append(
            {"code": {"text": "Kind of spasm"}, "valueString": names["kinds"][record["kind"]]}
        )
    if record["activity"]:
        components.append(
            {
                "code": {"text": "Activity when it started"},
                "valueString": names["activities"][record["activity"]],
            }
        )
    for slug in record["triggers"]:
        components.append(
            {
                "code": {"text": "Possible trigger"},
                "valueCodeableConcept": {"text": names["triggers"].get(slug, slug)},
            }
        )
    code = {"coding": [PAIN_SEVERITY], "text": "Muscle spasm: pain severity (0-10)"}
    resource = _survey(record, subject, code, record["started_at"])
    resource["valueInteger"] = record["intensity"]
    site = body_site(record["body_areas"], names["areas"])
    if site:
        resource["bodySite"] = site
    if components:
        resource["component"] = components
    return resource


# A check-in's answers, one component each, asked in the words of the form (the
# model's verbose names). A decimal is a Quantity, in its UCUM unit where one is
# known; the overall pain also carries its LOINC code.
CHECK_IN_ANSWERS = tuple(
    value for value in CHECK_INS.fields if value.name not in ("local_date", "note")
)
CHECK_IN_UNITS = {"sleep_hours": "h"}


def _check_in_component(value, answer) -> dict:
    code = {"text": str(value.header)}
    if value.name == "overall_pain":
        code["coding"] = [PAIN_SEVERITY]
    if isinstance(value, DecimalText):
        unit = CHECK_IN_UNITS.get(value.name)
        quantity = {"value": _number(answer)}
        if unit:
            quantity.update(unit=unit, system=UCUM, code=unit)
        return {"code": code, "valueQuantity": quantity}
    if isinstance(answer, int):
        return {"code": code, "valueInteger": answer}
    return {"code": code, "valueString": str(answer)}


def _check_in_observation(record, subject) -> dict:
    components = [
        _check_in_component(value, record[value.name])
        for value in CHECK_IN_ANSWERS
        if record[value.name] not in (None, "")
    ]
    resource = _survey(record, subject, {"text": "Daily check-in"}, record["local_date"])
    if components:
        resource["component"] = components
    return resource


def _session_procedure(record, subject, names) -> dict:
    resource = {
        "resourceType": "Procedure",
        "id": record["id"],
        "identifier": _identifier(record["id"]),
        "status": "completed",
        "code": {"text": names["techniques"].get(record["technique"], record["technique"])},
        "subject": subject,
        **_note(record["note"]),
    }
    if record["minutes"]:
        start = datetime.fromisoformat(record["started_at"])
        end = start + timedelta(minutes=record["minutes"])
        resource["performedPeriod"] = {"start": record["started_at"], "end": end.isoformat()}
    else:
        resource["performedDateTime"] = record["started_at"]
    outcome = []
    if record["helped"] is not None:
        outcome.append(HELPED_WORDS[record["helped"]])
    if record["intensity_before"] is not None:
        outcome.append(f"spasm {record['intensity_before']}/10 before")
    if record["intensity_after"] is not None:
        outcome.append(f"{record['intensity_after']}/10 after")
    if outcome:
        resource["outcome"] = {"text": "; ".join(outcome)}
    return resource


def _dose_quantity(amount: str, unit: str) -> dict:
    quantity = {"value": _number(amount)}
    if unit:
        quantity["unit"] = unit
    if unit in UCUM_UNITS:
        quantity.update(system=UCUM, code=UCUM_UNITS[unit])
    return quantity


def _dose_administration(record, subject) -> dict:
    dose_text = f"{record['amount']} {record['unit']}".strip()
    return {
        "resourceType": "MedicationAdministration",
        "id": record["id"],
        "identifier": _identifier(record["id"]),
        "status": "completed",
        "medicationCodeableConcept": {"text": record["medication"]},
        "subject": subject,
        "effectiveDateTime": record["taken_at"],
        "dosage": {"text": dose_text, "dose": _dose_quantity(record["amount"], record["unit"])},
        **_note(record["note"]),
    }


def _medication_statement(record, subject, names, user) -> dict:
    statement_id = str(derived_id(Medication, f"{user.pk}:{record['name']}"))
    resource = {
        "resourceType": "MedicationStatement",
        "id": statement_id,
        "status": "active" if record["is_current"] else "completed",
        "medicationCodeableConcept": {"text": record["name"]},
        "subject": subject,
    }
    if record["medication_class"]:
        kind = names["classes"].get(record["medication_class"], record["medication_class"])
        resource["note"] = [{"text": f"Kind of medicine: {kind}"}]
    usual = " ".join(
        part for part in (record["usual_amount"], record["usual_unit"]) if part
    ).strip()
    if usual:
        resource["dosage"] = [{"text": f"Usual dose: {usual}"}]
    return resource


def _catalogue_names(user) -> dict:
    def names(items):
        return dict(items.values_list("slug", "name"))

    return {
        "areas": names(BodyArea.objects.all()),
        # The shipped ones and the patient's own: never another patient's.
        "triggers": names(Trigger.objects.known_to(user)),
        "techniques": names(Technique.objects.known_to(user)),
        "classes": names(MedicationClass.objects.all()),
        "kinds": {value: str(label) for value, label in Spasm.Kind.choices},
        "activities": {value: str(label) for value, label in Spasm.Activity.choices},
    }


def _resources(user) -> Iterator[dict]:
    """The patient, then each entry's resource, then the medicine list, in file order."""
    names = _catalogue_names(user)
    patient_id = str(derived_id(get_user_model(), user.pk))
    subject = {"reference": f"urn:uuid:{patient_id}"}
    yield {
        "resourceType": "Patient",
        "id": patient_id,
        "name": [{"text": user.get_full_name() or user.get_username()}],
    }
    for record in each_record(SPASMS, user):
        yield _spasm_observation(record, subject, names)
    for record in each_record(CHECK_INS, user):
        yield _check_in_observation(record, subject)
    for record in each_record(TECHNIQUE_SESSIONS, user):
        yield _session_procedure(record, subject, names)
    for record in each_record(DOSES, user):
        yield _dose_administration(record, subject)
    for record in each_record(MEDICATIONS, user):
        yield _medication_statement(record, subject, names, user)


def export_fhir_chunks(user) -> Iterator[bytes]:
    """The diary as a FHIR R4 `collection` Bundle, a piece at a time.

    - each spasm: an Observation of pain severity (LOINC 72514-3, valueInteger
      0-10) with its body site(s) in SNOMED CT, its start time, and its duration,
      kind, activity and triggers as components;
    - each daily check-in: a survey Observation with one component per answer;
    - each technique session: a completed Procedure, the before/after scores and
      "did it help" in its outcome;
    - each dose: a MedicationAdministration; each medicine on the list: a
      MedicationStatement (active when taken now). Medicines are named in text.
    """
    now = timezone.now().isoformat()
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now},
        "type": "collection",
        "timestamp": now,
    }

    def pieces():
        # The bundle's own fields, then its entries: the same bytes as json.dumps of
        # the whole bundle (no indent, the C encoder), written as they come.
        yield json.dumps(bundle, ensure_ascii=False)[:-1] + ', "entry": ['
        for number, resource in enumerate(_resources(user)):
            yield (", " if number else "") + json.dumps(_entry(resource), ensure_ascii=False)
        yield "]}"

    return in_chunks(pieces())


def export_fhir_bytes(user) -> bytes:
    return b"".join(export_fhir_chunks(user))


def export_fhir(user) -> dict:
    """The FHIR export as a dict: the download, parsed."""
    return json.loads(export_fhir_bytes(user))
