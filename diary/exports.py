"""The patient's diary, out: JSON (the full, restorable copy), CSV and FHIR R4.

All three are built from one set of plain records (`diary_records`), read with a
fixed number of queries through `owned_by`, so what the formats hold cannot drift
apart. Catalogue items (body areas, triggers, techniques, medication classes) are
named by their stable slug, medicines by their name, and each entry carries a
stable id: its `client_token`, or for rows made without one an id derived from
the row and the server's secret key. Importing uses that id to recognise entries
it already has (see diary.imports).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.crypto import salted_hmac

from diary.models import (
    BodyArea,
    CheckIn,
    Dose,
    Medication,
    MedicationClass,
    Spasm,
    Technique,
    TechniqueSession,
    Trigger,
)

FORMAT = "unknot-diary"
SCHEMA_VERSION = 1

# The JSON sections, in file order, with the model each holds.
ENTRY_SECTIONS = {
    "spasms": Spasm,
    "doses": Dose,
    "technique_sessions": TechniqueSession,
    "check_ins": CheckIn,
}


# --- stable ids -------------------------------------------------------------------


def derived_id(model, pk) -> uuid.UUID:
    """A stable id for a row saved without a client token.

    Keyed with the server's secret, so two servers never derive the same id and
    the id gives nothing away about the row.
    """
    digest = salted_hmac("unknot.exports.entry-id", f"{model._meta.label_lower}:{pk}").digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def entry_id(model, pk, client_token) -> str:
    return str(client_token or derived_id(model, pk))


# --- plain values ---------------------------------------------------------------------


def decimal_text(value: Decimal | None) -> str | None:
    """Decimal('400.000') -> '400'; exact, never a float."""
    if value is None:
        return None
    return f"{value.normalize():f}"


def moment_text(value, zone) -> str:
    """An aware datetime as ISO 8601 with the patient's own UTC offset."""
    return timezone.localtime(value, zone).isoformat()


# --- the records --------------------------------------------------------------------


def _slugs_by_entry(through, entry_field, item_field, entries):
    pairs = (
        through.objects.filter(**{f"{entry_field}__in": entries.values("pk")})
        .order_by(f"{item_field}__order", f"{item_field}__slug")
        .values_list(f"{entry_field}_id", f"{item_field}__slug")
    )
    result: dict[int, list[str]] = {}
    for entry_pk, slug in pairs:
        result.setdefault(entry_pk, []).append(slug)
    return result


def diary_records(user) -> dict:
    """Everything the patient owns, as lists of plain dicts (JSON-ready), in day order."""
    zone = user.zone
    medications = [
        {
            "name": row["name"],
            "medication_class": row["medication_class__slug"],
            "usual_amount": decimal_text(row["usual_amount"]),
            "usual_unit": row["usual_unit"],
            "is_current": row["is_current"],
        }
        for row in Medication.objects.owned_by(user)
        .order_by("name")
        .values("name", "medication_class__slug", "usual_amount", "usual_unit", "is_current")
    ]

    spasms_qs = Spasm.objects.owned_by(user)
    areas = _slugs_by_entry(Spasm.body_areas.through, "spasm", "bodyarea", spasms_qs)
    triggers = _slugs_by_entry(Spasm.triggers.through, "spasm", "trigger", spasms_qs)
    spasms = [
        {
            "id": entry_id(Spasm, row["pk"], row["client_token"]),
            "local_date": row["local_date"].isoformat(),
            "started_at": moment_text(row["started_at"], zone),
            "duration_seconds": row["duration_seconds"],
            "intensity": row["intensity"],
            "kind": row["kind"],
            "activity": row["activity"],
            "body_areas": areas.get(row["pk"], []),
            "triggers": triggers.get(row["pk"], []),
            "note": row["note"],
        }
        for row in spasms_qs.order_by("local_date", "started_at", "pk").values(
            "pk",
            "client_token",
            "local_date",
            "started_at",
            "duration_seconds",
            "intensity",
            "kind",
            "activity",
            "note",
        )
    ]
    doses = [
        {
            "id": entry_id(Dose, row["pk"], row["client_token"]),
            "local_date": row["local_date"].isoformat(),
            "medication": row["medication__name"],
            "taken_at": moment_text(row["taken_at"], zone),
            "amount": decimal_text(row["amount"]),
            "unit": row["unit"],
            "note": row["note"],
        }
        for row in Dose.objects.owned_by(user)
        .order_by("local_date", "taken_at", "pk")
        .values(
            "pk",
            "client_token",
            "local_date",
            "medication__name",
            "taken_at",
            "amount",
            "unit",
            "note",
        )
    ]
    sessions = [
        {
            "id": entry_id(TechniqueSession, row["pk"], row["client_token"]),
            "local_date": row["local_date"].isoformat(),
            "technique": row["technique__slug"],
            "started_at": moment_text(row["started_at"], zone),
            "minutes": row["minutes"],
            "intensity_before": row["intensity_before"],
            "intensity_after": row["intensity_after"],
            "helped": row["helped"],
            "note": row["note"],
        }
        for row in TechniqueSession.objects.owned_by(user)
        .order_by("local_date", "started_at", "pk")
        .values(
            "pk",
            "client_token",
            "local_date",
            "technique__slug",
            "started_at",
            "minutes",
            "intensity_before",
            "intensity_after",
            "helped",
            "note",
        )
    ]
    check_in_fields = (
        "sleep_quality",
        "stress",
        "fatigue",
        "overall_pain",
        "mood",
        "water_glasses",
        "note",
    )
    check_ins = [
        {
            "id": entry_id(CheckIn, row["pk"], row["client_token"]),
            "local_date": row["local_date"].isoformat(),
            "sleep_hours": decimal_text(row["sleep_hours"]),
            **{name: row[name] for name in check_in_fields},
        }
        for row in CheckIn.objects.owned_by(user)
        .order_by("local_date", "pk")
        .values("pk", "client_token", "local_date", "sleep_hours", *check_in_fields)
    ]
    return {
        "medications": medications,
        "spasms": spasms,
        "doses": doses,
        "technique_sessions": sessions,
        "check_ins": check_ins,
    }


# --- JSON ---------------------------------------------------------------------------


def canonical_bytes(document: dict) -> bytes:
    """The document without its checksum, in one fixed spelling, for hashing."""
    content = {key: value for key, value in document.items() if key != "checksum"}
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum(document: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(document)).hexdigest()


def export_json(user) -> dict:
    """The whole diary as one JSON document, with its format, schema version and checksum.

    The checksum lets an import notice a file that was changed or damaged after
    it was exported; it is not a signature, so the file moves freely between servers.
    """
    document = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "patient": {"username": user.get_username(), "time_zone": user.time_zone},
        **diary_records(user),
    }
    document["checksum"] = checksum(document)
    return document


def export_json_bytes(user) -> bytes:
    return json.dumps(export_json(user), ensure_ascii=False).encode()  # no indent: the C encoder


# --- CSV ------------------------------------------------------------------------------

CSV_COLUMNS = {
    "medications": ["name", "medication_class", "usual_amount", "usual_unit", "is_current"],
    "spasms": [
        "id",
        "local_date",
        "started_at",
        "duration_seconds",
        "intensity",
        "kind",
        "activity",
        "body_areas",
        "triggers",
        "note",
    ],
    "doses": ["id", "local_date", "medication", "taken_at", "amount", "unit", "note"],
    "technique_sessions": [
        "id",
        "local_date",
        "technique",
        "started_at",
        "minutes",
        "intensity_before",
        "intensity_after",
        "helped",
        "note",
    ],
    "check_ins": [
        "id",
        "local_date",
        "sleep_hours",
        "sleep_quality",
        "stress",
        "fatigue",
        "overall_pain",
        "mood",
        "water_glasses",
        "note",
    ],
}
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """One CSV cell, for the patient's export and the clinician's entry lists alike."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text  # shown as typed, never run
    return text


def export_csv_zip(user) -> bytes:
    """A zip of one CSV per kind of entry, plus the medicines: for spreadsheets.

    UTF-8 with a byte-order mark, so spreadsheet programs read accents right.
    Lists (body areas, triggers) are slugs joined by ";".
    """
    records = diary_records(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section, columns in CSV_COLUMNS.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            for record in records[section]:
                writer.writerow([csv_cell(record.get(column)) for column in columns])
            archive.writestr(f"{section}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


# --- FHIR R4 ----------------------------------------------------------------------------

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
    resource = {
        "resourceType": "Observation",
        "id": record["id"],
        "identifier": _identifier(record["id"]),
        "status": "final",
        "category": [SURVEY],
        "code": {"coding": [PAIN_SEVERITY], "text": "Muscle spasm: pain severity (0-10)"},
        "subject": subject,
        "effectiveDateTime": record["started_at"],
        "valueInteger": record["intensity"],
        **_note(record["note"]),
    }
    site = body_site(record["body_areas"], names["areas"])
    if site:
        resource["bodySite"] = site
    if components:
        resource["component"] = components
    return resource


CHECK_IN_QUESTIONS = (
    ("sleep_quality", "Sleep quality (0 = awful, 10 = great)"),
    ("stress", "Stress (0 = calm, 10 = worst)"),
    ("fatigue", "Tiredness (0 = none, 10 = exhausted)"),
    ("overall_pain", "Pain overall (0 = none, 10 = worst)"),
    ("mood", "Mood (0 = very low, 10 = very good)"),
    ("water_glasses", "Glasses of water"),
)


def _check_in_observation(record, subject) -> dict:
    components = []
    if record["sleep_hours"] is not None:
        components.append(
            {
                "code": {"text": "Hours slept"},
                "valueQuantity": {
                    "value": _number(record["sleep_hours"]),
                    "unit": "h",
                    "system": UCUM,
                    "code": "h",
                },
            }
        )
    for name, text in CHECK_IN_QUESTIONS:
        if record[name] is None:
            continue
        code = {"text": text}
        if name == "overall_pain":
            code["coding"] = [PAIN_SEVERITY]
        components.append({"code": code, "valueInteger": record[name]})
    resource = {
        "resourceType": "Observation",
        "id": record["id"],
        "identifier": _identifier(record["id"]),
        "status": "final",
        "category": [SURVEY],
        "code": {"text": "Daily check-in"},
        "subject": subject,
        "effectiveDateTime": record["local_date"],
        **_note(record["note"]),
    }
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


def _catalogue_names() -> dict:
    def names(model):
        return dict(model.objects.values_list("slug", "name"))

    return {
        "areas": names(BodyArea),
        "triggers": names(Trigger),
        "techniques": names(Technique),
        "classes": names(MedicationClass),
        "kinds": {value: str(label) for value, label in Spasm.Kind.choices},
        "activities": {value: str(label) for value, label in Spasm.Activity.choices},
    }


def export_fhir(user) -> dict:
    """The diary as a FHIR R4 `collection` Bundle.

    - each spasm: an Observation of pain severity (LOINC 72514-3, valueInteger
      0-10) with its body site(s) in SNOMED CT, its start time, and its duration,
      kind, activity and triggers as components;
    - each daily check-in: a survey Observation with one component per answer;
    - each technique session: a completed Procedure, the before/after scores and
      "did it help" in its outcome;
    - each dose: a MedicationAdministration; each medicine on the list: a
      MedicationStatement (active when taken now). Medicines are named in text.
    """
    records = diary_records(user)
    names = _catalogue_names()
    patient_id = str(derived_id(get_user_model(), user.pk))
    subject = {"reference": f"urn:uuid:{patient_id}"}
    patient = {
        "resourceType": "Patient",
        "id": patient_id,
        "name": [{"text": user.get_full_name() or user.get_username()}],
    }
    resources = [patient]
    resources += [_spasm_observation(r, subject, names) for r in records["spasms"]]
    resources += [_check_in_observation(r, subject) for r in records["check_ins"]]
    resources += [_session_procedure(r, subject, names) for r in records["technique_sessions"]]
    resources += [_dose_administration(r, subject) for r in records["doses"]]
    resources += [_medication_statement(r, subject, names, user) for r in records["medications"]]
    now = timezone.now().isoformat()
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now},
        "type": "collection",
        "timestamp": now,
        "entry": [_entry(resource) for resource in resources],
    }


def export_fhir_bytes(user) -> bytes:
    return json.dumps(export_fhir(user), ensure_ascii=False).encode()  # no indent: the C encoder
