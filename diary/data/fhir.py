"""The patient's diary as a FHIR R4 `collection` Bundle, from the plain records.

Built from `each_record` (diary.data.json_records), like the JSON and the CSV,
so the three formats hold the same entries, and written as it is read, a
resource at a time: a download cut off part-way is JSON that does not parse.
Each resource's id is the entry's stable id (diary.data.ids); a resource made
from an entry beside its main one (a check-in's pain Observation, a symptom
check's scores) has an id derived from the entry's.

Every resource carries a short generated narrative (`text`), so a clinic's system
that shows only narratives still shows what it is. Every reference inside the
Bundle is to a resource in it: `urn:uuid:` full URLs, and the Questionnaires by
their canonical URL on this site (`{site}/fhir/Questionnaire/...`). Codes are
LOINC, SNOMED CT and UCUM where one exists; the ACR 2016 scores have no standard
code and use this site's own code system (`{site}/fhir/CodeSystem/unknot`).

The JSON export is the lossless one, and the one the import reads: this Bundle is
for a clinic's record, and is not read back.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from html import escape
from itertools import islice

from django.contrib.auth import get_user_model
from django.utils import timezone

from diary.care.sharing import display_name
from diary.clinical import ACR_TOTAL_MAX, SSS_MAX, WPI_MAX, Period
from diary.data.ids import derived_id
from diary.data.json_records import CHUNK_ROWS, each_record, in_chunks
from diary.data.schema import (
    CHECK_INS,
    DOSES,
    MEDICATIONS,
    SPASMS,
    SYMPTOM_CHECKS,
    TECHNIQUE_SESSIONS,
    Boolean,
    DecimalText,
)
from diary.insights import acr
from diary.models import (
    BodyArea,
    CheckIn,
    Medication,
    MedicationClass,
    Spasm,
    SymptomCheck,
    Technique,
    Trigger,
)

#: Where the Bundle's canonical URLs live when no site is given (a test, a shell).
DEFAULT_SITE = "http://localhost"
XHTML = "http://www.w3.org/1999/xhtml"
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


def narrative(*lines: str) -> dict:
    """A generated narrative: each line a paragraph of plain, escaped text."""
    body = "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines if line)
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def _when(moment: str) -> str:
    """An ISO moment as the patient's clock read it: 2025-03-30 03:00."""
    return moment[:16].replace("T", " ")


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
        "performer": [subject],
        **_note(record.get("note", "")),
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
    where = f" in {site['text']}" if site else ""
    resource["text"] = narrative(
        f"Muscle spasm{where}, {record['intensity']}/10, at {_when(record['started_at'])}.",
        record["note"],
    )
    if components:
        resource["component"] = components
    return resource


# The two questionnaires a patient answers, asked in the words of the form (the
# model's verbose names): one item per exported field, its linkId the field's name.
QUESTIONNAIRES = {
    "daily-check-in": ("Daily check-in", CHECK_INS),
    "symptom-check": (
        "Weekly symptom check (for the ACR 2016 Symptom Severity Scale)",
        SYMPTOM_CHECKS,
    ),
}


def _answer_fields(kind):
    return tuple(value for value in kind.fields if value.name != "local_date")


def _item_type(value) -> str:
    if isinstance(value, DecimalText):
        return "decimal"
    if isinstance(value, Boolean):
        return "boolean"
    field = value.field
    return "integer" if field.get_internal_type().endswith("IntegerField") else "text"


def questionnaire_url(site: str, key: str) -> str:
    return f"{site}/fhir/Questionnaire/{key}"


def code_system(site: str) -> str:
    return f"{site}/fhir/CodeSystem/unknot"


def _questionnaire(site: str, key: str) -> dict:
    title, kind = QUESTIONNAIRES[key]
    items = [
        {"linkId": value.name, "text": str(value.header), "type": _item_type(value)}
        for value in _answer_fields(kind)
    ]
    return {
        "resourceType": "Questionnaire",
        # The same id for the same site's questionnaire, in every export.
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, questionnaire_url(site, key))),
        "text": narrative(f"{title}: " + "; ".join(item["text"] for item in items) + "."),
        "url": questionnaire_url(site, key),
        "name": "".join(word.capitalize() for word in key.split("-")),
        "title": title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def _answer(value, answer) -> dict:
    kind = _item_type(value)
    if kind == "decimal":
        return {"valueDecimal": _number(answer)}
    if kind == "boolean":
        return {"valueBoolean": bool(answer)}
    if kind == "integer":
        return {"valueInteger": answer}
    return {"valueString": str(answer)}


def _questionnaire_response(record, subject, site, key) -> dict:
    """One answered check: an item for each answer given (a blank one is left out)."""
    title, kind = QUESTIONNAIRES[key]
    items, lines = [], []
    for value in _answer_fields(kind):
        answer = record[value.name]
        if answer in (None, ""):
            continue
        items.append(
            {"linkId": value.name, "text": str(value.header), "answer": [_answer(value, answer)]}
        )
        if _item_type(value) != "text":
            shown = ("yes" if answer else "no") if isinstance(answer, bool) else answer
            lines.append(f"{value.header}: {shown}")
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": record["id"],
        "identifier": _identifier(record["id"])[0],
        "text": narrative(
            f"{title}, {record['local_date']}: " + ("; ".join(lines) or "no answers") + ".",
            record.get("note", ""),
        ),
        "questionnaire": questionnaire_url(site, key),
        "status": "completed",
        "subject": subject,
        "authored": record["local_date"],
        "author": subject,
        "source": subject,
    }
    if items:
        resource["item"] = items
    return resource


def _sibling_id(record_id: str, model, what: str) -> str:
    """The id of a resource made beside an entry's own: stable, and unlike any other."""
    return str(derived_id(model, f"{record_id}:{what}"))


def _check_in_pain(record, subject, response_id) -> dict | None:
    """The check-in's overall pain as its own Observation: the one answer with a code."""
    if record["overall_pain"] is None:
        return None
    resource = _survey(
        {"id": _sibling_id(record["id"], CheckIn, "overall_pain")},
        subject,
        {"coding": [PAIN_SEVERITY], "text": "Overall pain today (0-10)"},
        record["local_date"],
    )
    del resource["identifier"]
    resource["valueInteger"] = record["overall_pain"]
    resource["derivedFrom"] = [{"reference": f"urn:uuid:{response_id}"}]
    resource["text"] = narrative(
        f"Overall pain on {record['local_date']}: {record['overall_pain']}/10 (daily check-in)."
    )
    return resource


# The ACR 2016 scores (Wolfe F, et al. Semin Arthritis Rheum 2016;46:319-329): no
# LOINC code is for a score derived from a diary, so each has this site's own code.
ACR_CODES = {
    "wpi": (f"Widespread Pain Index (ACR 2016), 0-{WPI_MAX}", WPI_MAX),
    "sss": (f"Symptom Severity Scale (ACR 2016), 0-{SSS_MAX}", SSS_MAX),
    "wpi-sss-total": (f"WPI + SSS (ACR 2016), 0-{ACR_TOTAL_MAX}", ACR_TOTAL_MAX),
}


def _acr_observations(record, scores, subject, site) -> Iterator[dict]:
    """The WPI, the SSS and their sum of one symptom check, each an Observation."""
    ids = {key: _sibling_id(record["id"], SymptomCheck, key) for key in ACR_CODES}
    values = {"wpi": scores.wpi, "sss": scores.sss, "wpi-sss-total": scores.total}
    derived = {
        "wpi": [],
        "sss": [{"reference": f"urn:uuid:{record['id']}"}],
        "wpi-sss-total": [
            {"reference": f"urn:uuid:{ids['wpi']}"},
            {"reference": f"urn:uuid:{ids['sss']}"},
        ],
    }
    for key, (display, most) in ACR_CODES.items():
        code = {
            "coding": [{"system": code_system(site), "code": key, "display": display}],
            "text": display,
        }
        resource = _survey({"id": ids[key]}, subject, code, record["local_date"])
        del resource["identifier"]
        resource["valueInteger"] = values[key]
        lines = [f"{display}: {values[key]} of {most}, on {record['local_date']}."]
        if key == "wpi":
            areas = ", ".join(scores.wpi_areas) or "none"
            resource["note"] = [
                {"text": f"Areas with a spasm in the 7 days up to the check: {areas}."}
            ]
            lines.append(resource["note"][0]["text"])
        if derived[key]:
            resource["derivedFrom"] = derived[key]
        resource["text"] = narrative(*lines, "A score for a clinician to read, not a diagnosis.")
        yield resource


def _scored_checks(user) -> Iterator[tuple[dict, acr.AcrScores]]:
    """Each symptom check's record with its scores, a chunk of checks at a time: the
    scores of a chunk come from `acr.acr_history` over the days it spans."""
    records = each_record(SYMPTOM_CHECKS, user)
    while chunk := list(islice(records, CHUNK_ROWS)):
        days = [date.fromisoformat(record["local_date"]) for record in chunk]
        history = acr.acr_history(user, Period.between(days[0], days[-1]))
        scores = {each.checked_on: each for each in history}
        for record, day in zip(chunk, days, strict=True):
            yield record, scores[day]


def _session_procedure(record, subject, names) -> dict:
    technique = names["techniques"].get(record["technique"], record["technique"])
    resource = {
        "resourceType": "Procedure",
        "id": record["id"],
        "identifier": _identifier(record["id"]),
        "status": "completed",
        "code": {"text": technique},
        "subject": subject,
        "performer": [{"actor": subject}],
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
    minutes = f" for {record['minutes']} minutes" if record["minutes"] else ""
    said = f": {'; '.join(outcome)}." if outcome else "."
    resource["text"] = narrative(
        f"{technique}{minutes}, at {_when(record['started_at'])}{said}", record["note"]
    )
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
        "text": narrative(
            f"{record['medication']}, {dose_text}, taken at {_when(record['taken_at'])}.",
            record["note"],
        ),
        "status": "completed",
        "medicationCodeableConcept": {"text": record["medication"]},
        "subject": subject,
        "effectiveDateTime": record["taken_at"],
        "performer": [{"actor": subject}],
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
        "informationSource": subject,
    }
    lines = [f"{record['name']}: {'taken now' if record['is_current'] else 'no longer taken'}."]
    if record["medication_class"]:
        kind = names["classes"].get(record["medication_class"], record["medication_class"])
        resource["note"] = [{"text": f"Kind of medicine: {kind}"}]
        lines.append(f"Kind of medicine: {kind}.")
    usual = " ".join(
        part for part in (record["usual_amount"], record["usual_unit"]) if part
    ).strip()
    if usual:
        resource["dosage"] = [{"text": f"Usual dose: {usual}"}]
        lines.append(f"Usual dose: {usual}.")
    resource["text"] = narrative(*lines)
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


def _patient(user, patient_id) -> dict:
    name = display_name(user)
    resource = {
        "resourceType": "Patient",
        "id": patient_id,
        "text": narrative(f"{name}, who kept this spasm diary."),
        "name": [{"text": name}],
    }
    if user.date_of_birth:
        resource["birthDate"] = user.date_of_birth.isoformat()
    return resource


def _resources(user, site: str) -> Iterator[dict]:
    """The patient, then each entry's resources, then the medicine list, in file order.

    A Questionnaire comes just before its first answer, so an empty diary has none.
    """
    names = _catalogue_names(user)
    patient_id = str(derived_id(get_user_model(), user.pk))
    subject = {"reference": f"urn:uuid:{patient_id}"}
    yield _patient(user, patient_id)
    for record in each_record(SPASMS, user):
        yield _spasm_observation(record, subject, names)
    for number, record in enumerate(each_record(CHECK_INS, user)):
        if number == 0:
            yield _questionnaire(site, "daily-check-in")
        yield _questionnaire_response(record, subject, site, "daily-check-in")
        pain = _check_in_pain(record, subject, record["id"])
        if pain:
            yield pain
    for number, (record, scores) in enumerate(_scored_checks(user)):
        if number == 0:
            yield _questionnaire(site, "symptom-check")
        yield _questionnaire_response(record, subject, site, "symptom-check")
        yield from _acr_observations(record, scores, subject, site)
    for record in each_record(TECHNIQUE_SESSIONS, user):
        yield _session_procedure(record, subject, names)
    for record in each_record(DOSES, user):
        yield _dose_administration(record, subject)
    for record in each_record(MEDICATIONS, user):
        yield _medication_statement(record, subject, names, user)


def export_fhir_chunks(user, site: str = DEFAULT_SITE) -> Iterator[bytes]:
    """The diary as a FHIR R4 `collection` Bundle, a piece at a time.

    `site` is this server's address (https://unknot.example.org), under which the
    Questionnaires and the local code system are named.

    - the patient: a Patient with the name they chose to show;
    - each spasm: an Observation of pain severity (LOINC 72514-3, valueInteger
      0-10) with its body site(s) in SNOMED CT, its start time, and its duration,
      kind, activity and triggers as components;
    - each daily check-in: a QuestionnaireResponse to the daily check-in
      Questionnaire (in the Bundle), and its overall pain an Observation (LOINC
      72514-3) derived from it;
    - each weekly symptom check: a QuestionnaireResponse to the symptom check
      Questionnaire, and the ACR 2016 WPI, SSS and their sum, each an Observation
      with a local code (`ACR_CODES`), from diary.insights.acr;
    - each technique session: a completed Procedure, the before/after scores and
      "did it help" in its outcome;
    - each dose: a MedicationAdministration; each medicine on the list: a
      MedicationStatement (active when taken now). Medicines are named in text.

    Observations name the patient as subject and performer: they are what the
    patient reported.
    """
    site = site.rstrip("/")
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
        for number, resource in enumerate(_resources(user, site)):
            yield (", " if number else "") + json.dumps(_entry(resource), ensure_ascii=False)
        yield "]}"

    return in_chunks(pieces())


def export_fhir_bytes(user, site: str = DEFAULT_SITE) -> bytes:
    return b"".join(export_fhir_chunks(user, site))


def export_fhir(user, site: str = DEFAULT_SITE) -> dict:
    """The FHIR export as a dict: the download, parsed."""
    return json.loads(export_fhir_bytes(user, site))
