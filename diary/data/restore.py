"""The patient's own JSON export, back in: into an empty diary or an existing one.

The whole file is read and checked before anything is written, and everything is
written in one transaction, so a file is either imported whole or not at all.
Each record is read field by field as the entry schema says (diary.data.schema),
then checked by the model's own validators. Entries are recognised by the stable
id each carries (diary.data.ids), check-ins also by their day and medicines by
their name: importing the same file twice changes nothing the second time.
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

from diary.data import json_records
from diary.data.ids import ids_in_diary
from diary.data.schema import CHECK_INS, ENTRY_KINDS, KINDS, MEDICATIONS, Name, SlugList
from diary.models import CheckIn, Medication

MAX_IMPORT_BYTES = getattr(settings, "IMPORT_MAX_BYTES", 25 * 1024 * 1024)
BATCH_SIZE = 500


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
    if not isinstance(document, dict) or document.get("format") != json_records.FORMAT:
        raise ImportRefused(
            _("This file is not an Unknot diary export. Choose the .json file you downloaded.")
        )
    version = document.get("schema_version")
    if version != json_records.SCHEMA_VERSION:
        raise ImportRefused(
            _(
                "This file was made by another version of Unknot (format version %(version)s); "
                "this server reads version %(ours)s."
            )
            % {"version": version, "ours": json_records.SCHEMA_VERSION}
        )
    if document.get("checksum") != json_records.checksum(document):
        raise ImportRefused(
            _(
                "This file was changed after it was exported, so it cannot be trusted. "
                "Export your diary again and import the new file."
            )
        )
    for kind in KINDS:
        if not isinstance(document.get(kind.section), list):
            raise ImportRefused(
                _("This file is incomplete: it has no list of %(section)s.")
                % {"section": kind.section.replace("_", " ")}
            )
    return document


# --- checking every record ---------------------------------------------------------------


@dataclass
class Row:
    """One record, read: the unsaved model row, the catalogue items of its
    many-to-many fields, and the medicine it names (its row is made later)."""

    entry: object
    lists: dict[str, list[int]]
    medicines: dict[str, str]


class RecordReader:
    """Turns records into unsaved model rows, refusing the file at the first bad one.

    The schema's values call back into it (`refuse`, `catalogue_pk`, `new_id`,
    `medicine`) while one record, `self.place`, is being read.
    """

    def __init__(self, user):
        self.user = user
        self.catalogues: dict[type, dict[str, int]] = {}
        self.seen_ids: set[uuid.UUID] = set()
        self.medicine_names: set[str] = set()
        self.place = ("", 0)

    def refuse(self, message):
        section, number = self.place
        raise ImportRefused(
            _("This file has a problem in %(section)s, entry %(number)s: %(message)s")
            % {"section": section.replace("_", " "), "number": number, "message": message}
        )

    def catalogue_pk(self, model, slug):
        if model not in self.catalogues:
            self.catalogues[model] = dict(model.objects.values_list("slug", "pk"))
        catalogue = self.catalogues[model]
        if not isinstance(slug, str) or slug not in catalogue:
            self.refuse(
                _("it names a %(what)s this server does not have (%(slug)s).")
                % {"what": model._meta.verbose_name, "slug": slug}
            )
        return catalogue[slug]

    def new_id(self, value):
        try:
            token = uuid.UUID(str(value))
        except ValueError:
            self.refuse(_("its id is not valid."))
        if token in self.seen_ids:
            self.refuse(_("the same entry appears twice."))
        self.seen_ids.add(token)
        return token

    def medicine(self, name):
        if not isinstance(name, str) or name not in self.medicine_names:
            self.refuse(_("its medicine is not in the file's list of medicines."))
        return name

    def read(self, kind, number, record) -> Row:
        self.place = (kind.section, number)
        if not isinstance(record, dict) or set(record) != set(kind.names):
            self.refuse(_("it does not have the expected fields."))
        row = Row(kind.model(owner=self.user), {}, {})
        for value in kind.values:
            read = value.read(record[value.name], self)
            if isinstance(value, SlugList):
                row.lists[value.name] = read
            elif isinstance(value, Name):
                row.medicines[value.attname] = read
            else:
                setattr(row.entry, value.attname, read)
        self.clean(row.entry, exclude=kind.related)  # set by id, checked above
        return row

    def clean(self, instance, exclude):
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
            self.refuse(" ".join(problems))

    def medications(self, records) -> dict[str, Medication]:
        rows = {}
        for number, record in enumerate(records, start=1):
            medication = self.read(MEDICATIONS, number, record).entry
            if not isinstance(record["name"], str) or medication.name in rows:
                self.refuse(_("each medicine needs its own name."))
            rows[medication.name] = medication
        self.medicine_names = set(rows)
        return rows

    def entries(self, kind, records) -> list[Row]:
        rows = [self.read(kind, number, record) for number, record in enumerate(records, 1)]
        if kind is CHECK_INS:
            days = set()
            for number, row in enumerate(rows, start=1):
                if row.entry.local_date in days:
                    self.place = (kind.section, number)
                    self.refuse(_("there are two check-ins for one day."))
                days.add(row.entry.local_date)
        return rows


# --- writing ----------------------------------------------------------------------------


def import_diary(user, document: dict) -> ImportResult:
    """Add the document's entries the diary does not have yet; all or nothing."""
    reader = RecordReader(user)
    medications = reader.medications(document["medications"])
    entries = {kind: reader.entries(kind, document[kind.section]) for kind in ENTRY_KINDS}

    result = ImportResult()
    with transaction.atomic():
        existing_names = dict(Medication.objects.owned_by(user).values_list("name", "pk"))
        new_medications = [m for name, m in medications.items() if name not in existing_names]
        Medication.objects.bulk_create(new_medications, batch_size=BATCH_SIZE)
        medication_ids = {**existing_names, **{m.name: m.pk for m in new_medications}}
        result.added[MEDICATIONS.section] = len(new_medications)
        result.already_there += len(medications) - len(new_medications)

        for kind, rows in entries.items():
            have = ids_in_diary(kind.model, user)
            new = [row for row in rows if row.entry.client_token not in have]
            if kind is CHECK_INS:
                # One check-in per day: a day the diary already has keeps its own.
                days_taken = set(
                    CheckIn.objects.owned_by(user).values_list("local_date", flat=True)
                )
                new = [row for row in new if row.entry.local_date not in days_taken]
            result.already_there += len(rows) - len(new)
            for row in new:
                for attname, name in row.medicines.items():
                    setattr(row.entry, attname, medication_ids[name])
            kind.model.objects.bulk_create([row.entry for row in new], batch_size=BATCH_SIZE)
            _link_lists(kind, new)
            result.added[kind.section] = len(new)
    return result


def _link_lists(kind, rows):
    """Save the catalogue items of the new rows' many-to-many fields."""
    for value in kind.fields:
        if not isinstance(value, SlugList):
            continue
        through = value.field.remote_field.through
        entry_id = f"{value.field.m2m_field_name()}_id"
        item_id = f"{value.field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{entry_id: row.entry.pk, item_id: item})
                for row in rows
                for item in row.lists[value.name]
            ],
            batch_size=BATCH_SIZE,
        )
