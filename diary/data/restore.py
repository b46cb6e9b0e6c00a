"""The patient's own JSON export, back in: into an empty diary or an existing one.

The whole file is read and checked before anything is written, and everything is
written in one transaction, so a file is either imported whole or not at all. A
file bigger than IMPORT_INLINE_MAX_BYTES is imported the same way by the worker, as
a job with a progress page (diary.data.import_jobs): `read_document`, then
`read_records` telling its progress, then `check_checksum` and `save_diary`.

What a file must be (the README's "What the import accepts and refuses"):

- at most `IMPORT_MAX_BYTES` (a setting), nested at most `MAX_NESTING` deep, both
  checked before the JSON is parsed, so no file can exhaust memory or recursion;
- an Unknot export of this schema version (`schema_version` the whole number 1);
- every record with exactly its kind's fields, each of exactly the JSON type the
  entry schema says (diary.data.schema), then checked by the model's own
  validators, the same ones the forms use. The first bad value refuses the file,
  naming the entry (its kind, its place in the list, its id) and the field;
- matching its checksum. The checksum is a check for a damaged file (a download
  cut short, a disk error), not a proof of who made it: anyone can recompute it.

Entries are recognised by the stable id each carries (diary.data.ids), check-ins
and symptom checks also by their day and medicines by their name: importing the
same file twice changes nothing the second time. A file exported before symptom
checks existed has no list of them, and is read as having none.

The patient's own triggers and techniques come first in the file, each named by
a slug starting "own-". An entry may name a shipped item (by its slug, as
always) or one of the file's own, never anyone else's: the file's own items
become the importer's (`_save_own_items`), so an export imported into another
account never points that account's entries at the exporter's items. A file
exported before patients had their own items has no such lists, and is read as
having none. A file holding someone else's diary (its
`patient.username` is not the importer's) is imported only once the importer has
said yes (diary.data.data_forms.ImportForm); `hold_file` keeps it meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import gettempdir

from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary import diary_version
from diary.data import json_records
from diary.data.ids import ids_in_diary
from diary.data.schema import (
    CHECK_INS,
    ENTRY_KINDS,
    KINDS,
    LATER_SECTIONS,
    MEDICATIONS,
    OWN_CATALOGUE_KINDS,
    SYMPTOM_CHECKS,
    Name,
    Slug,
    SlugList,
    is_text,
)
from diary.models import CheckIn, Medication, SymptomCheck
from diary.models.catalogues import OWN_SLUG_PREFIX, OwnableCatalogueItem, new_own_slug, same_name

MAX_IMPORT_BYTES = getattr(settings, "IMPORT_MAX_BYTES", 25 * 1024 * 1024)
# The export nests four deep (file, list, record, list of slugs): room to spare, and
# even twice this is far below what would make json.loads recurse too deep.
MAX_NESTING = 20
BATCH_SIZE = 500
PROGRESS_EVERY = 1000  # records between two reports of an import job's progress


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in plain words."""


@dataclass
class ImportResult:
    added: dict[str, int] = field(default_factory=dict)
    already_there: int = 0

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    def messages(self) -> list[tuple[int, str]]:
        """What the import did, in plain words, as (message level, text) pairs: the
        messages after an import at once, and the words of a finished import job."""
        said = []
        if self.total_added:
            said.append(
                (
                    message_levels.SUCCESS,
                    ngettext(
                        "Imported %(count)d entry into your diary.",
                        "Imported %(count)d entries into your diary.",
                        self.total_added,
                    )
                    % {"count": self.total_added},
                )
            )
        if self.already_there:
            said.append(
                (
                    message_levels.INFO,
                    ngettext(
                        "%(count)d entry was already in your diary and was left as it was.",
                        "%(count)d entries were already in your diary and were left as they were.",
                        self.already_there,
                    )
                    % {"count": self.already_there},
                )
            )
        if not said:
            said.append((message_levels.INFO, _("The file was empty: nothing to import.")))
        return said


def shown(value, length=40) -> str:
    """A value from the file, safe to put in a message: short, printable, valid text."""
    text = value if isinstance(value, str) else json.dumps(value)[:200]
    text = text.encode("utf-8", "replace").decode()
    text = "".join(char if char.isprintable() else "\ufffd" for char in text[: length * 2])
    return Truncator(text).chars(length)


# --- reading the file -----------------------------------------------------------------

_STRING = re.compile(rb'"[^"]*"')  # once escaped backslashes and quotes are gone
_AS_PARENTHESES = bytes.maketrans(b"[{]}", b"(())")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_RUN = re.compile(rb"\(+|\)+")


_SCAN_CHUNK = 1024 * 1024


def _brackets(raw: bytes) -> bytes:
    """The text's brackets outside strings, as parentheses.

    Read a megabyte at a time: removing every string of a big file in one go makes
    one piece per string and needs many times the file's size. A string left open at
    the end of a piece is carried into the next one."""
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    pieces, in_string = [], False
    for start in range(0, len(unescaped), _SCAN_CHUNK):
        chunk = unescaped[start : start + _SCAN_CHUNK]
        outside = _STRING.sub(b"", b'"' + chunk if in_string else chunk)
        opened = outside.find(b'"')  # a string that goes on past this piece
        in_string = opened >= 0
        if in_string:
            outside = outside[:opened]
        pieces.append(outside.translate(_AS_PARENTHESES, delete=_NOT_BRACKETS))
    return b"".join(pieces)


def nesting_within(raw: bytes, limit: int) -> bool:
    """Whether the JSON text nests lists and objects at most `limit` deep.

    A cheap scan of the bytes, before parsing (a fraction of a second for the
    largest file): strings dropped and every bracket made a parenthesis; then
    empty pairs removed, one level a round, while that shortens the text well;
    then what is left counted run by run. Brackets that do not match are left
    for the parser, which refuses them before it nests any deeper.
    """
    brackets = _brackets(raw)
    levels_removed = 0
    while brackets and levels_removed < limit:
        shorter = brackets.replace(b"()", b"")
        if len(shorter) * 10 > len(brackets) * 9:
            break  # a long chain of few runs: count it
        brackets, levels_removed = shorter, levels_removed + 1
    depth = 0
    for run in _RUN.finditer(brackets):
        depth += len(run[0]) if run[0][:1] == b"(" else -len(run[0])
        if depth < 0:
            return True  # a stray closer: the parser stops there
        if depth + levels_removed > limit:
            return False
    return True


def parse(raw: bytes):
    if not nesting_within(raw, MAX_NESTING):
        raise ImportRefused(
            _("This file nests its lists more than %(limit)d deep; an Unknot export never does.")
            % {"limit": MAX_NESTING}
        )
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportRefused(
            _("This file could not be read. Choose the .json file you downloaded from Unknot.")
        ) from error


def read_export(upload) -> DiaryFile:
    """Read an uploaded file and check all of it; nothing is written."""
    document = read_document(upload)
    intact = checksum_matches(document)  # before the records are read away
    diary = read_records(document, consume=True)
    check_checksum(document, intact)  # last: naming the bad entry says more than "damaged"
    return diary


def check_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused(
            _("This file is %(size)s; the most this server takes is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_IMPORT_BYTES)}
        )


def read_document(upload) -> dict:
    """The file's JSON, checked to be an Unknot export of this version; its records unread.

    The first step of `read_export`, and of an import job (diary.data.import_jobs),
    which then reads the records with `read_records`, telling its progress."""
    check_size(upload.size)
    upload.seek(0)
    return check_document(parse(upload.read(MAX_IMPORT_BYTES + 1)))


def record_count(document: dict) -> int:
    """How many records `read_records` will read: the job's "checked N of M"."""
    return sum(len(document.get(kind.section, ())) for kind in KINDS)


def check_document(document) -> dict:
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        # The FHIR export is for a clinic's records, and is not read back: the JSON
        # export is the lossless one (diary.data.fhir).
        raise ImportRefused(
            _(
                "This file is not an Unknot diary export. It is a FHIR file, made for a "
                "clinic's records, and it cannot be imported. Choose the diary file (JSON) "
                "you downloaded instead."
            )
        )
    if not isinstance(document, dict) or document.get("format") != json_records.FORMAT:
        raise ImportRefused(
            _("This file is not an Unknot diary export. Choose the .json file you downloaded.")
        )
    version = document.get("schema_version")
    if type(version) is not int or version != json_records.SCHEMA_VERSION:  # not 1.0, not true
        raise ImportRefused(
            _(
                "This file was made by another version of Unknot (format version %(version)s); "
                "this server reads version %(ours)s."
            )
            % {"version": shown(version), "ours": json_records.SCHEMA_VERSION}
        )
    for kind in KINDS:
        if kind in LATER_SECTIONS and kind.section not in document:
            continue  # a file exported before patients had their own, or symptom checks
        if not isinstance(document.get(kind.section), list):
            raise ImportRefused(
                _("This file is incomplete: it has no list of %(section)s.")
                % {"section": kind.section.replace("_", " ")}
            )
    patient = document.get("patient")
    if not isinstance(patient, dict) or not is_text(patient.get("username")):
        raise ImportRefused(_("This file is incomplete: it does not say whose diary it is."))
    return document


def checksum_matches(document) -> bool:
    """Notice a damaged file. Not a protection: anyone can recompute the checksum."""
    try:
        return document.get("checksum") == json_records.checksum(document)
    except (UnicodeEncodeError, ValueError):  # text UTF-8 cannot hold, outside the records
        return False


def check_checksum(document, matches=None) -> None:
    """Refuse a damaged file; `matches`, if given, is `checksum_matches` taken earlier."""
    if matches is None:
        matches = checksum_matches(document)
    if not matches:
        raise ImportRefused(
            _(
                "This file looks damaged: it does not match the check written into it when "
                "it was exported. Export your diary again and import the new file."
            )
        )


# --- checking every record ---------------------------------------------------------------


@dataclass
class Row:
    """One record, read: the unsaved model row, the catalogue items of its
    many-to-many fields, and the medicine it names (its row is made later)."""

    entry: object
    lists: dict[str, list[int]]
    medicines: dict[str, str]


@dataclass(frozen=True)
class OwnItem:
    """An own trigger or technique of the file, named by an entry: its row is made
    (or found) for the importer when the file is saved."""

    model: type
    slug: str


@dataclass
class DiaryFile:
    """A whole file, read and checked: whose diary it says it is, and its rows."""

    username: str
    medications: dict[str, Medication]
    entries: dict[object, list[Row]]
    own_items: dict[object, list[OwnableCatalogueItem]] = field(default_factory=dict)

    @property
    def owner_shown(self) -> str:
        return shown(self.username, 150)


class RecordReader:
    """Turns records into unsaved model rows, refusing the file at the first bad one.

    The schema's values call back into it (`refuse`, `catalogue_pk`, `new_id`,
    `medicine`) while one record, `self.place`, is being read.
    """

    def __init__(self, user=None, progress=None):
        self.user = user
        self.progress = progress  # called with the number of records read, now and then
        self.records_read = 0
        self.catalogues: dict[type, dict[str, int]] = {}
        self.seen_ids: set[uuid.UUID] = set()
        self.medicine_names: set[str] = set()
        self.own_slugs: dict[type, set[str]] = {}  # the file's own items, by model
        self.place = ("", 0, None)

    def refuse(self, message, value=None):
        """Refuse the file, naming the entry being read and, if given, its field."""
        section, number, record = self.place
        entry = _("entry %(number)s") % {"number": number}
        if isinstance(record, dict) and is_text(record.get("id")):
            with contextlib.suppress(ValueError):
                entry = _("entry %(number)s (id %(id)s)") % {
                    "number": number,
                    "id": uuid.UUID(record["id"]),
                }
        where = {"section": section.replace("_", " "), "entry": entry, "message": message}
        if value is None:
            raise ImportRefused(
                _("This file has a problem in %(section)s, %(entry)s: %(message)s") % where
            )
        label = value.field.verbose_name if value.field is not None else _("stable id")
        raise ImportRefused(
            _(
                "This file has a problem in %(section)s, %(entry)s, "
                "field “%(field)s” (%(label)s): %(message)s"
            )
            % {**where, "field": value.name, "label": label}
        )

    def catalogue_pk(self, model, slug, value=None):
        """A shipped item's pk, or an `OwnItem` of the file's own; never anyone's own."""
        if model not in self.catalogues:
            items = model.objects.all()
            if issubclass(model, OwnableCatalogueItem):
                items = items.shipped()
            self.catalogues[model] = dict(items.values_list("slug", "pk"))
        catalogue = self.catalogues[model]
        if isinstance(slug, str) and slug in self.own_slugs.get(model, ()):
            return OwnItem(model, slug)
        if not isinstance(slug, str) or slug not in catalogue:
            self.refuse(
                _("it names a %(what)s this server does not have (%(slug)s).")
                % {"what": model._meta.verbose_name, "slug": shown(slug)},
                value,
            )
        return catalogue[slug]

    def new_id(self, token, value=None):
        try:
            if not is_text(token):
                raise ValueError
            token = uuid.UUID(token)
        except ValueError:
            self.refuse(_("its id is not valid."), value)
        if token in self.seen_ids:
            self.refuse(_("the same entry appears twice."), value)
        self.seen_ids.add(token)
        return token

    def medicine(self, name, value=None):
        if not isinstance(name, str) or name not in self.medicine_names:
            self.refuse(_("its medicine is not in the file's list of medicines."), value)
        return name

    def read(self, kind, number, record) -> Row:
        self.place = (kind.section, number, record)
        self.records_read += 1
        if self.progress is not None and self.records_read % PROGRESS_EVERY == 0:
            self.progress(self.records_read)
        if not isinstance(record, dict):
            self.refuse(_("it must be a record of fields in braces, {…}."))
        if set(record) != set(kind.names):
            missing = [name for name in kind.names if name not in record]
            extra = [shown(name) for name in record if name not in kind.names]
            self.refuse(
                _(
                    "it does not have the expected fields "
                    "(missing: %(missing)s; unknown: %(extra)s)."
                )
                % {"missing": ", ".join(missing) or "–", "extra": ", ".join(extra[:5]) or "–"}
            )
        row = Row(kind.model(owner=self.user), {}, {})
        for value in kind.values:
            read = value.read(record[value.name], self)
            if isinstance(value, SlugList):
                row.lists[value.name] = read
            elif isinstance(value, Name):
                row.medicines[value.attname] = read
            else:
                setattr(row.entry, value.attname, read)
        self.clean(kind, row.entry, exclude=kind.related)  # set by id, checked above
        return row

    def clean(self, kind, instance, exclude):
        try:
            instance.full_clean(
                exclude=["owner", "client_token", *exclude],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            values = {value.name: value for value in kind.values}
            name, messages = next(iter(error.message_dict.items()))
            self.refuse(" ".join(str(message) for message in messages), values.get(name))

    def own_items(self, kind, records) -> list[OwnableCatalogueItem]:
        """The file's own triggers or techniques (unsaved, without an owner yet)."""
        if not isinstance(records, list):
            raise ImportRefused(
                _("This file is incomplete: it has no list of %(section)s.")
                % {"section": kind.section.replace("_", " ")}
            )
        items, slugs, names = [], set(), set()
        for number, record in enumerate(records, start=1):
            item = self.read(kind, number, record).entry
            if not item.slug.startswith(OWN_SLUG_PREFIX):
                self.refuse(
                    _("the slug of an item of your own starts with “%(prefix)s”.")
                    % {"prefix": OWN_SLUG_PREFIX},
                    kind.values[0],
                )
            if item.slug in slugs:
                self.refuse(_("the same slug appears twice."), kind.values[0])
            if same_name(item.name) in names:
                self.refuse(_("each needs its own name."), kind.values[1])
            slugs.add(item.slug)
            names.add(same_name(item.name))
            items.append(item)
        self.own_slugs[kind.model] = slugs
        return items

    def medications(self, records) -> dict[str, Medication]:
        rows = {}
        for number, record in enumerate(records, start=1):
            medication = self.read(MEDICATIONS, number, record).entry
            if medication.name in rows:
                self.refuse(_("each medicine needs its own name."), MEDICATIONS.values[0])
            rows[medication.name] = medication
        self.medicine_names = set(rows)
        return rows

    def entries(self, kind, records, consume=False) -> list[Row]:
        """The rows of one kind's records; with `consume`, each record is dropped from
        the list as soon as its row is made, so a big file is not held twice."""
        rows, days = [], set()
        for index, record in enumerate(records):
            if consume:
                records[index] = None
            row = self.read(kind, index + 1, record)
            if kind is CHECK_INS:
                if row.entry.local_date in days:
                    self.refuse(_("there are two check-ins for one day."), CHECK_INS.values[1])
                days.add(row.entry.local_date)
            if kind is SYMPTOM_CHECKS:
                if row.entry.local_date in days:
                    self.refuse(
                        _("there are two symptom checks for one day."), SYMPTOM_CHECKS.values[1]
                    )
                days.add(row.entry.local_date)
            rows.append(row)
        return rows


def read_records(document: dict, progress=None, consume=False) -> DiaryFile:
    """Every record of the document as unsaved rows; ImportRefused at the first bad one.

    `progress`, if given, is called with the number of records read so far every
    PROGRESS_EVERY records. With `consume`, the document's lists of entries are emptied
    as they are read (its checksum can no longer be taken afterwards)."""
    reader = RecordReader(progress=progress)
    own_items = {
        kind: reader.own_items(kind, document.get(kind.section, [])) for kind in OWN_CATALOGUE_KINDS
    }
    medications = reader.medications(document["medications"])
    entries = {
        kind: reader.entries(kind, document.get(kind.section, []), consume) for kind in ENTRY_KINDS
    }
    username = (document.get("patient") or {}).get("username") or ""
    return DiaryFile(username, medications, entries, own_items)


# --- writing ----------------------------------------------------------------------------


def import_diary(user, document: dict) -> ImportResult:
    """Add the document's entries the diary does not have yet; all or nothing."""
    return save_diary(user, read_records(document))


def save_diary(user, diary: DiaryFile) -> ImportResult:
    """Write a file that was read and checked whole (`read_records`) into the user's diary."""
    result = ImportResult()
    with transaction.atomic():
        own_pks = _save_own_items(user, diary, result)
        existing_names = dict(Medication.objects.owned_by(user).values_list("name", "pk"))
        new_medications = [m for name, m in diary.medications.items() if name not in existing_names]
        for medication in new_medications:
            medication.owner = user
        Medication.objects.bulk_create(new_medications, batch_size=BATCH_SIZE)
        medication_ids = {**existing_names, **{m.name: m.pk for m in new_medications}}
        result.added[MEDICATIONS.section] = len(new_medications)
        result.already_there += len(diary.medications) - len(new_medications)

        for kind, rows in diary.entries.items():
            have = ids_in_diary(kind.model, user)
            new = [row for row in rows if row.entry.client_token not in have]
            if kind is CHECK_INS:
                # One check-in per day: a day the diary already has keeps its own.
                days_taken = set(
                    CheckIn.objects.owned_by(user).values_list("local_date", flat=True)
                )
                new = [row for row in new if row.entry.local_date not in days_taken]
            if kind is SYMPTOM_CHECKS:
                # One symptom check a day, likewise: a day the diary has keeps its own.
                mine = SymptomCheck.objects.owned_by(user)
                days_taken = set(mine.values_list("local_date", flat=True))
                new = [row for row in new if row.entry.local_date not in days_taken]
            result.already_there += len(rows) - len(new)
            for row in new:
                row.entry.owner = user
                for attname, name in row.medicines.items():
                    setattr(row.entry, attname, medication_ids[name])
                _point_at_own_items(kind, row, own_pks)
            kind.model.objects.bulk_create([row.entry for row in new], batch_size=BATCH_SIZE)
            _link_lists(kind, new)
            result.added[kind.section] = len(new)
        # Bulk inserts send no signals: the diary's version is raised here (diary.diary_version).
        diary_version.bump(user.pk)
    return result


def _save_own_items(user, diary, result) -> dict[OwnItem, int]:
    """The importer's row for each own trigger and technique of the file, by `OwnItem`.

    Their own of the same slug (the same file imported again) or of the same name,
    else a shipped one of the same name, else one made for them: with the file's slug
    if no item on this server has it, else a new one. Never another patient's item."""
    pks = {}
    for kind, items in diary.own_items.items():
        model = kind.model
        mine = list(model.objects.owned_by(user))
        by_slug = {item.slug: item.pk for item in mine}
        by_name = {same_name(item.name): item.pk for item in mine}
        shipped = {
            same_name(name): pk for pk, name in model.objects.shipped().values_list("pk", "name")
        }
        taken = set(
            model.objects.filter(slug__in=[item.slug for item in items]).values_list(
                "slug", flat=True
            )
        )
        added = 0
        for item in items:
            key, slug = same_name(item.name), item.slug
            pk = by_slug.get(slug) or by_name.get(key) or shipped.get(key)
            if pk is None:
                item.owner = user
                if slug in taken:
                    item.slug = new_own_slug()
                item.save()
                pk = by_name[key] = item.pk
                added += 1
            pks[OwnItem(model, slug)] = pk
        if items:  # counted only when the file has some, like the entries they serve
            result.added[kind.section] = added
            result.already_there += len(items) - added
    return pks


def _point_at_own_items(kind, row, own_pks):
    """Replace each `OwnItem` the row names by the importer's row for it."""
    for value in kind.fields:
        if isinstance(value, Slug):
            named = getattr(row.entry, value.attname)
            if isinstance(named, OwnItem):
                setattr(row.entry, value.attname, own_pks[named])
        elif isinstance(value, SlugList):
            row.lists[value.name] = [
                own_pks[item] if isinstance(item, OwnItem) else item
                for item in row.lists[value.name]
            ]


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


# --- a file kept while its importer confirms it -----------------------------------------

HOLD_DIR = Path(getattr(settings, "IMPORT_HOLD_DIR", Path(gettempdir()) / "unknot-imports"))
HOLD_SECONDS = 60 * 60
_HOLD_SALT = "unknot.import.held-file"


def hold_file(upload, user) -> str:
    """Keep an uploaded file on the server while its importer confirms it (no JavaScript,
    and a file input cannot be filled in again). Returns a signed token naming the file
    and its importer. Files older than HOLD_SECONDS are removed as new ones arrive."""
    HOLD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    for old in HOLD_DIR.glob("*.json"):
        try:
            if old.stat().st_mtime < time.time() - HOLD_SECONDS:
                old.unlink()
        except FileNotFoundError:
            pass  # another worker removed it first
    name = f"{secrets.token_urlsafe(24)}.json"
    descriptor = os.open(HOLD_DIR / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    upload.seek(0)
    with open(descriptor, "wb") as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    return signing.dumps({"file": name, "user": user.pk}, salt=_HOLD_SALT)


def held_file(token) -> tuple[Path, int] | None:
    """The file `hold_file` kept and the id of its importer, or None if gone or old."""
    try:
        held = signing.loads(token, salt=_HOLD_SALT, max_age=HOLD_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(held, dict) or not isinstance(held.get("file"), str):
        return None
    path = HOLD_DIR / held["file"]
    if path.parent != HOLD_DIR or not path.is_file():
        return None
    return path, held.get("user")


def forget_file(token) -> None:
    held = held_file(token)
    if held is not None:
        held[0].unlink(missing_ok=True)
