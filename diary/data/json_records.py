"""The patient's diary as plain records, and the JSON export built from them.

`diary_records` reads everything the patient owns with a fixed number of queries
through `owned_by` (one a kind, one more a list of catalogue items) and writes
each row by the entry schema (diary.data.schema). The JSON export, the CSV files
and the FHIR bundle are all made from these records, so they cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.utils import timezone

from diary.data.schema import KINDS, SlugList

FORMAT = "unknot-diary"
SCHEMA_VERSION = 1


def _slugs_by_entry(field, entries) -> dict[int, list[str]]:
    """A many-to-many field's slugs for each entry, in catalogue order."""
    through = field.remote_field.through
    entry_field, item_field = field.m2m_field_name(), field.m2m_reverse_field_name()
    pairs = (
        through.objects.filter(**{f"{entry_field}__in": entries.values("pk")})
        .order_by(f"{item_field}__order", f"{item_field}__slug")
        .values_list(f"{entry_field}_id", f"{item_field}__slug")
    )
    result: dict[int, list[str]] = {}
    for entry_pk, slug in pairs:
        result.setdefault(entry_pk, []).append(slug)
    return result


def kind_records(kind, user) -> list[dict]:
    """One kind's rows of the patient's diary, as JSON-ready dicts in file order."""
    zone = user.zone
    rows = kind.model.objects.owned_by(user)
    lists = {
        value.name: _slugs_by_entry(value.field, rows)
        for value in kind.values
        if isinstance(value, SlugList)
    }
    records = []
    lookups = dict.fromkeys(("pk", *kind.lookups))  # the stable id reads "pk" too
    for row in rows.order_by(*kind.order_by).values(*lookups):
        for name, slugs in lists.items():
            row[name] = slugs.get(row["pk"], [])
        records.append({value.name: value.write(row, zone) for value in kind.values})
    return records


def diary_records(user) -> dict[str, list[dict]]:
    """Everything the patient owns, as lists of plain dicts (JSON-ready), in day order."""
    return {kind.section: kind_records(kind, user) for kind in KINDS}


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
        "patient": {
            "username": user.get_username(),
            "time_zone": user.time_zone,
            "shown_name": user.shown_name,
            "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
        },
        **diary_records(user),
    }
    document["checksum"] = checksum(document)
    return document


def export_json_bytes(user) -> bytes:
    return json.dumps(export_json(user), ensure_ascii=False).encode()  # no indent: the C encoder
