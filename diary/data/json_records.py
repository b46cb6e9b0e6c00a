"""The patient's diary as plain records, and the JSON export built from them.

`each_record` reads one kind of the patient's rows (through `owned_by`) a chunk
at a time and writes each row by the entry schema (diary.data.schema). The JSON
export, the CSV files and the FHIR bundle are all made from these records, so
they cannot drift apart, and all three stream: a long diary is never held in
memory whole, and the number of queries does not grow with it.

The JSON document is written in its canonical spelling (`canonical_bytes`: keys
sorted, no spaces), so its checksum is taken over the very bytes that go out,
as they go out, and written last. A download cut off part-way has no checksum
and no closing brace: it does not parse, and the import refuses it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils import timezone

from diary.data.schema import (
    DOSES,
    ENTRY_KINDS,
    KINDS,
    MEDICATIONS,
    OWN_CATALOGUE_KINDS,
    OWN_TECHNIQUES,
    OWN_TRIGGERS,
    SPASMS,
    TECHNIQUE_SESSIONS,
    SlugList,
)
from diary.models.catalogues import OWN_SLUG_PREFIX

FORMAT = "unknot-diary"
SCHEMA_VERSION = 1

# Rows read from the database at a time, and the size of each piece of a download.
CHUNK_ROWS = 2000
CHUNK_BYTES = 64 * 1024


def in_chunks(pieces: Iterable[str]) -> Iterator[bytes]:
    """Small strings joined into pieces of about `CHUNK_BYTES` characters, as UTF-8.

    One piece a row would cost a write to the socket a row.
    """
    size = CHUNK_BYTES
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


# --- reading the rows ---------------------------------------------------------------------


def _slug_pairs(field, entries, order_by) -> Iterator[tuple]:
    """A many-to-many field's (entry's sort key..., slug) rows, in the entries' file order
    and then in catalogue order: one query, read a chunk at a time."""
    through = field.remote_field.through
    entry_field, item_field = field.m2m_field_name(), field.m2m_reverse_field_name()
    entry_order = [f"{entry_field}__{name}" for name in order_by]
    return (
        through.objects.filter(**{f"{entry_field}__in": entries.values("pk")})
        .order_by(*entry_order, f"{item_field}__order", f"{item_field}__slug")
        .values_list(*entry_order, f"{item_field}__slug")
        .iterator(chunk_size=CHUNK_ROWS)
    )


class _SlugsInStep:
    """Walks a field's slug rows alongside the entries, which come in the same order.

    The sort key ends with the entry's pk, so it names one entry. Slugs of an entry
    the entries' query did not see (saved or deleted between the two queries) sort
    before the next entry that was seen, and are passed over.
    """

    def __init__(self, pairs: Iterator[tuple]):
        self.pairs = pairs
        self.head = next(pairs, None)

    def take(self, key: tuple) -> list[str]:
        while self.head is not None and self.head[:-1] < key:
            self.head = next(self.pairs, None)
        slugs = []
        while self.head is not None and self.head[:-1] == key:
            slugs.append(self.head[-1])
            self.head = next(self.pairs, None)
        return slugs


def each_record(kind, user) -> Iterator[dict]:
    """One kind's rows of the patient's diary, as JSON-ready dicts in file order.

    One query for the rows and one a list of catalogue items, each read
    `CHUNK_ROWS` at a time, however long the diary.
    """
    zone = user.zone
    rows = kind.model.objects.owned_by(user)
    lists = {
        value.name: _SlugsInStep(_slug_pairs(value.field, rows, kind.order_by))
        for value in kind.values
        if isinstance(value, SlugList)
    }
    lookups = dict.fromkeys(("pk", *kind.order_by, *kind.lookups))  # the stable id reads "pk"
    ordered = rows.order_by(*kind.order_by).values(*lookups)
    for row in ordered.iterator(chunk_size=CHUNK_ROWS):
        if lists:
            key = tuple(row[name] for name in kind.order_by)
            for name, slugs in lists.items():
                row[name] = slugs.take(key)
        yield {value.name: value.write(row, zone) for value in kind.values}


def kind_records(kind, user) -> list[dict]:
    """One kind's rows, as a list (see `each_record`)."""
    return list(each_record(kind, user))


def diary_records(user) -> dict[str, list[dict]]:
    """Everything the patient owns, as lists of plain dicts (JSON-ready), in day order."""
    return {kind.section: kind_records(kind, user) for kind in KINDS}


# --- the JSON document --------------------------------------------------------------------


# The one fixed spelling: keys sorted, no spaces, text as it is (the C encoder).
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical_bytes(document: dict) -> bytes:
    """The document without its checksum, in one fixed spelling, for hashing."""
    content = {key: value for key, value in document.items() if key != "checksum"}
    return _canonical(content).encode()


def checksum(document: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(document)).hexdigest()


def _about(user) -> dict:
    """The document's fields other than the lists of records."""
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "patient": {
            "username": user.get_username(),
            "time_zone": user.time_zone,
            "shown_name": user.shown_name,
            "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
        },
    }


def _sections(user) -> dict[str, Iterable[dict]]:
    """Each kind's records, each read only when the document reaches it."""
    # The medicines are read first and kept (a patient has a handful): a dose names
    # one, so a dose saved for a medicine added while the file is being written is
    # left out rather than naming a medicine the file does not list.
    medications = kind_records(MEDICATIONS, user)
    names = {record["name"] for record in medications}
    sections: dict[str, Iterable[dict]] = {MEDICATIONS.section: medications}
    # The patient's own triggers and techniques likewise: an entry naming one added
    # while the file is written is left out rather than naming one the file lacks.
    for kind in OWN_CATALOGUE_KINDS:
        sections[kind.section] = kind_records(kind, user)
    listed = {
        kind: {record["slug"] for record in sections[kind.section]} for kind in OWN_CATALOGUE_KINDS
    }
    for kind in ENTRY_KINDS:
        sections[kind.section] = each_record(kind, user)
    doses = sections[DOSES.section]
    sections[DOSES.section] = (record for record in doses if record["medication"] in names)
    spasms = sections[SPASMS.section]
    sections[SPASMS.section] = (
        record for record in spasms if _names_only_listed(record["triggers"], listed[OWN_TRIGGERS])
    )
    sessions = sections[TECHNIQUE_SESSIONS.section]
    sections[TECHNIQUE_SESSIONS.section] = (
        record
        for record in sessions
        if _names_only_listed([record["technique"]], listed[OWN_TECHNIQUES])
    )
    return sections


def _names_only_listed(slugs, listed) -> bool:
    """Whether every own item among `slugs` is one of the file's `listed` own items."""
    return all(slug in listed for slug in slugs if slug.startswith(OWN_SLUG_PREFIX))


def _canonical_pieces(about: dict, sections: dict[str, Iterable[dict]]) -> Iterator[str]:
    """`canonical_bytes` of the document, piece by piece, without its closing brace."""
    yield "{"
    for number, key in enumerate(sorted({**about, **sections})):
        yield ("," if number else "") + _canonical(key) + ":"
        if key not in sections:
            yield _canonical(about[key])
            continue
        yield "["
        for index, record in enumerate(sections[key]):
            yield ("," if index else "") + _canonical(record)
        yield "]"


def export_json_chunks(user) -> Iterator[bytes]:
    """The whole diary as one JSON document, a piece at a time, its checksum last.

    The document has its format, schema version, the patient, each kind's list of
    records, and a checksum. The checksum lets an import notice a file that was
    changed or damaged after it was exported; it is not a signature (anyone can
    recompute it), so the file moves freely between servers. It is SHA-256 over
    `canonical_bytes(document)`: the bytes written before it, with a closing brace.
    """
    digest = hashlib.sha256()
    for chunk in in_chunks(_canonical_pieces(_about(user), _sections(user))):
        digest.update(chunk)
        yield chunk
    digest.update(b"}")
    yield (',"checksum":' + _canonical("sha256:" + digest.hexdigest()) + "}").encode()


def export_json_bytes(user) -> bytes:
    return b"".join(export_json_chunks(user))


def export_json(user) -> dict:
    """The JSON export as a dict: the download, parsed."""
    return json.loads(export_json_bytes(user))
