"""The patient's own JSON export, back in: into an empty diary or an existing one.

The whole file is read and checked before anything is written, and everything is
written in one transaction, so a file is either imported whole or not at all.
Entries are recognised by the stable id each carries (see diary.exports), check-ins
also by their day and medicines by their name: importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from diary import exports
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

MAX_IMPORT_BYTES = getattr(settings, "IMPORT_MAX_BYTES", 25 * 1024 * 1024)
BATCH_SIZE = 500

SECTIONS = ("medications", "spasms", "doses", "technique_sessions", "check_ins")
RECORD_KEYS = {
    section: set(columns) for section, columns in exports.CSV_COLUMNS.items()
}  # the CSV columns are exactly the JSON record keys


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in plain words."""


@dataclass
class ImportResult:
    added: dict[str, int] = field(default_factory=dict)
    already_there: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


# --- reading the file -----------------------------------------------------------------


def read_export(upload) -> dict:
    """Parse an uploaded file and check it is an untouched Unknot export we can read."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ImportRefused(
            _("This file is %(size)s; the most this server takes is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_IMPORT_BYTES)}
        )
    raw = upload.read(MAX_IMPORT_BYTES + 1)
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportRefused(
            _("This file could not be read. Choose the .json file you downloaded from Unknot.")
        ) from error
    return check_document(document)


def check_document(document) -> dict:
    if not isinstance(document, dict) or document.get("format") != exports.FORMAT:
        raise ImportRefused(
            _("This file is not an Unknot diary export. Choose the .json file you downloaded.")
        )
    version = document.get("schema_version")
    if version != exports.SCHEMA_VERSION:
        raise ImportRefused(
            _(
                "This file was made by another version of Unknot (format version %(version)s); "
                "this server reads version %(ours)s."
            )
            % {"version": version, "ours": exports.SCHEMA_VERSION}
        )
    if document.get("checksum") != exports.checksum(document):
        raise ImportRefused(
            _(
                "This file was changed after it was exported, so it cannot be trusted. "
                "Export your diary again and import the new file."
            )
        )
    for section in SECTIONS:
        if not isinstance(document.get(section), list):
            raise ImportRefused(
                _("This file is incomplete: it has no list of %(section)s.")
                % {"section": section.replace("_", " ")}
            )
    return document


# --- checking every record ---------------------------------------------------------------


class _Checker:
    """Turns records into unsaved model rows, refusing the file at the first bad one."""

    def __init__(self, user):
        self.user = user
        self.areas = dict(BodyArea.objects.values_list("slug", "pk"))
        self.triggers = dict(Trigger.objects.values_list("slug", "pk"))
        self.techniques = dict(Technique.objects.values_list("slug", "pk"))
        self.classes = dict(MedicationClass.objects.values_list("slug", "pk"))
        self.seen_ids: set[uuid.UUID] = set()

    def refuse(self, section, number, message):
        raise ImportRefused(
            _("This file has a problem in %(section)s, entry %(number)s: %(message)s")
            % {"section": section.replace("_", " "), "number": number, "message": message}
        )

    def shape(self, section, number, record):
        if not isinstance(record, dict) or set(record) != RECORD_KEYS[section]:
            self.refuse(section, number, _("it does not have the expected fields."))

    def entry_id(self, section, number, record):
        try:
            token = uuid.UUID(str(record["id"]))
        except ValueError:
            self.refuse(section, number, _("its id is not valid."))
        if token in self.seen_ids:
            self.refuse(section, number, _("the same entry appears twice."))
        self.seen_ids.add(token)
        return token

    def slug(self, section, number, catalogue, slug, what):
        if slug not in catalogue:
            self.refuse(
                section,
                number,
                _("it names a %(what)s this server does not have (%(slug)s).")
                % {"what": what, "slug": slug},
            )
        return catalogue[slug]

    def clean(self, section, number, instance, exclude=()):
        try:
            instance.full_clean(
                exclude=["owner", "client_token", *exclude],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            problems = []
            for name, messages in error.message_dict.items():
                label = instance._meta.get_field(name).verbose_name if name != "__all__" else ""
                text = " ".join(str(message) for message in messages)
                problems.append(f"{label}: {text}" if label else text)
            self.refuse(section, number, " ".join(problems))
        return instance

    def lists_of_slugs(self, section, number, value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.refuse(section, number, _("a list of areas or triggers is not valid."))
        return value


def _medications(checker, records):
    rows = {}
    for number, record in enumerate(records, start=1):
        checker.shape("medications", number, record)
        name = record["name"]
        if not isinstance(name, str) or name in rows:
            checker.refuse("medications", number, _("each medicine needs its own name."))
        kind = record["medication_class"]
        if not isinstance(record["is_current"], bool):
            checker.refuse("medications", number, _("“I take this now” must be true or false."))
        medication = Medication(
            owner=checker.user,
            name=name,
            medication_class_id=(
                checker.slug("medications", number, checker.classes, kind, _("kind of medicine"))
                if kind
                else None
            ),
            usual_amount=record["usual_amount"],
            usual_unit=record["usual_unit"],
            is_current=record["is_current"],
        )
        rows[name] = checker.clean("medications", number, medication, ["medication_class"])
    return rows


def _spasms(checker, records):
    rows = []
    for number, record in enumerate(records, start=1):
        checker.shape("spasms", number, record)
        token = checker.entry_id("spasms", number, record)
        areas = [
            checker.slug("spasms", number, checker.areas, slug, _("body area"))
            for slug in checker.lists_of_slugs("spasms", number, record["body_areas"])
        ]
        triggers = [
            checker.slug("spasms", number, checker.triggers, slug, _("trigger"))
            for slug in checker.lists_of_slugs("spasms", number, record["triggers"])
        ]
        spasm = Spasm(
            owner=checker.user,
            client_token=token,
            local_date=record["local_date"],
            started_at=record["started_at"],
            duration_seconds=record["duration_seconds"],
            intensity=record["intensity"],
            kind=record["kind"],
            activity=record["activity"],
            note=record["note"],
        )
        rows.append((checker.clean("spasms", number, spasm), areas, triggers))
    return rows


def _doses(checker, records, medication_names):
    rows = []
    for number, record in enumerate(records, start=1):
        checker.shape("doses", number, record)
        token = checker.entry_id("doses", number, record)
        if record["medication"] not in medication_names:
            checker.refuse(
                "doses", number, _("its medicine is not in the file's list of medicines.")
            )
        dose = Dose(
            owner=checker.user,
            client_token=token,
            local_date=record["local_date"],
            taken_at=record["taken_at"],
            amount=record["amount"],
            unit=record["unit"],
            note=record["note"],
        )
        rows.append((checker.clean("doses", number, dose, ["medication"]), record["medication"]))
    return rows


def _sessions(checker, records):
    rows = []
    for number, record in enumerate(records, start=1):
        checker.shape("technique_sessions", number, record)
        token = checker.entry_id("technique_sessions", number, record)
        session = TechniqueSession(
            owner=checker.user,
            client_token=token,
            technique_id=checker.slug(
                "technique_sessions",
                number,
                checker.techniques,
                record["technique"],
                _("technique"),
            ),
            local_date=record["local_date"],
            started_at=record["started_at"],
            minutes=record["minutes"],
            intensity_before=record["intensity_before"],
            intensity_after=record["intensity_after"],
            helped=record["helped"],
            note=record["note"],
        )
        rows.append(checker.clean("technique_sessions", number, session, ["technique"]))
    return rows


def _check_ins(checker, records):
    rows, days = [], set()
    for number, record in enumerate(records, start=1):
        checker.shape("check_ins", number, record)
        token = checker.entry_id("check_ins", number, record)
        check_in = CheckIn(
            owner=checker.user,
            client_token=token,
            **{name: record[name] for name in RECORD_KEYS["check_ins"] - {"id"}},
        )
        checker.clean("check_ins", number, check_in)
        if check_in.local_date in days:
            checker.refuse("check_ins", number, _("there are two check-ins for one day."))
        days.add(check_in.local_date)
        rows.append(check_in)
    return rows


# --- writing ----------------------------------------------------------------------------


def _existing_ids(model, user) -> set[uuid.UUID]:
    return {
        uuid.UUID(exports.entry_id(model, pk, token))
        for pk, token in model.objects.owned_by(user).values_list("pk", "client_token")
    }


def import_diary(user, document: dict) -> ImportResult:
    """Add the document's entries the diary does not have yet; all or nothing."""
    checker = _Checker(user)
    medications = _medications(checker, document["medications"])
    spasms = _spasms(checker, document["spasms"])
    doses = _doses(checker, document["doses"], medications)
    sessions = _sessions(checker, document["technique_sessions"])
    check_ins = _check_ins(checker, document["check_ins"])

    result = ImportResult()
    with transaction.atomic():
        existing_names = dict(Medication.objects.owned_by(user).values_list("name", "pk"))
        new_medications = [m for name, m in medications.items() if name not in existing_names]
        Medication.objects.bulk_create(new_medications, batch_size=BATCH_SIZE)
        medication_ids = {**existing_names, **{m.name: m.pk for m in new_medications}}
        result.added["medications"] = len(new_medications)
        result.already_there += len(medications) - len(new_medications)

        def fresh(model, rows, key=lambda row: row):
            have = _existing_ids(model, user)
            kept = [row for row in rows if key(row).client_token not in have]
            result.already_there += len(rows) - len(kept)
            return kept

        new_spasms = fresh(Spasm, spasms, key=lambda row: row[0])
        Spasm.objects.bulk_create([row[0] for row in new_spasms], batch_size=BATCH_SIZE)
        Spasm.body_areas.through.objects.bulk_create(
            [
                Spasm.body_areas.through(spasm_id=spasm.pk, bodyarea_id=area)
                for spasm, areas, _triggers in new_spasms
                for area in areas
            ],
            batch_size=BATCH_SIZE,
        )
        Spasm.triggers.through.objects.bulk_create(
            [
                Spasm.triggers.through(spasm_id=spasm.pk, trigger_id=trigger)
                for spasm, _areas, triggers in new_spasms
                for trigger in triggers
            ],
            batch_size=BATCH_SIZE,
        )
        result.added["spasms"] = len(new_spasms)

        new_doses = fresh(Dose, doses, key=lambda row: row[0])
        for dose, name in new_doses:
            dose.medication_id = medication_ids[name]
        Dose.objects.bulk_create([row[0] for row in new_doses], batch_size=BATCH_SIZE)
        result.added["doses"] = len(new_doses)

        new_sessions = fresh(TechniqueSession, sessions)
        TechniqueSession.objects.bulk_create(new_sessions, batch_size=BATCH_SIZE)
        result.added["technique_sessions"] = len(new_sessions)

        # One check-in per day: a day the diary already has keeps its own.
        days_taken = set(CheckIn.objects.owned_by(user).values_list("local_date", flat=True))
        unseen = fresh(CheckIn, check_ins)
        new_check_ins = [row for row in unseen if row.local_date not in days_taken]
        result.already_there += len(unseen) - len(new_check_ins)
        CheckIn.objects.bulk_create(new_check_ins, batch_size=BATCH_SIZE)
        result.added["check_ins"] = len(new_check_ins)
    return result
