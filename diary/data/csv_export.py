"""CSV: the patient's zip of one file per kind, and the clinician's entry lists.

Both write every cell through `csv_cell`, so a note that starts like a formula
never runs as one in a spreadsheet, on the patient's computer or a clinician's.
The patient's columns are the JSON record keys (diary.data.json_records); the
clinician's are the same fields as a person reads them (names, labels, the
patient's own clock) under the model's verbose names (diary.data.schema).

Both stream, a chunk of rows at a time, with no Content-Length: a response cut
off part-way (a worker killed, a lost connection) ends without HTTP's last
chunk, and the browser or curl reports the download as failed rather than
saving a short file as if it were whole. The patient's zip also carries its
table of contents at its very end, so a cut-off zip does not open at all. A
CSV has no such ending of its own, and a count row would break it as a table,
so the clinician's stays honest by being fast and streaming from the first byte.
"""

import csv
import zipfile
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils.text import capfirst

from diary.data import json_records
from diary.data.json_records import each_record, in_chunks
from diary.data.schema import KINDS

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


class _Pipe:
    """A write-only file for `zipfile`: it keeps what was written until taken."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


class _Echo:
    """A file for `csv.writer` that hands back each line instead of keeping it."""

    def write(self, value):
        return value


def _kind_lines(kind, user) -> Iterator[str]:
    """One kind's CSV: a byte-order mark and the header, then a line a record."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(kind.names)
    for record in each_record(kind, user):
        yield writer.writerow([csv_cell(record[name]) for name in kind.names])


def export_csv_zip_chunks(user) -> Iterator[bytes]:
    """A zip of one CSV per kind of entry, plus the medicines: for spreadsheets.

    UTF-8 with a byte-order mark, so spreadsheet programs read accents right.
    Lists (body areas, triggers) are slugs joined by ";". Written as it is read:
    the zip's pieces go out as soon as they are compressed.
    """
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            with archive.open(f"{kind.section}.csv", "w") as member:
                for text in in_chunks(_kind_lines(kind, user)):
                    member.write(text)
                    if pipe.size >= json_records.CHUNK_BYTES:
                        yield pipe.take()
    yield pipe.take()  # the rest, and the zip's table of contents


def export_csv_zip(user) -> bytes:
    return b"".join(export_csv_zip_chunks(user))


# --- the clinician's entry lists ---------------------------------------------------------


def readable_header(kind) -> list[str]:
    """The patient, then each exported field under its verbose name, as the admin shows it."""
    patient = kind.model._meta.get_field("owner").verbose_name
    return [capfirst(patient), *(value.header for value in kind.fields)]


def readable_row(kind, entry) -> list:
    owner = entry.owner
    return [owner.get_username(), *(value.readable(entry, owner) for value in kind.fields)]


def entries_csv_response(filename, kind, entries):
    """Stream `entries` (model rows of `kind`) as a CSV download a person reads."""
    writer = csv.writer(_Echo())

    def rows():
        for entry in entries:
            yield writer.writerow([csv_cell(cell) for cell in readable_row(kind, entry)])

    def chunks():
        # The header goes out at once, before the first query for rows.
        yield writer.writerow([csv_cell(cell) for cell in readable_header(kind)]).encode()
        yield from in_chunks(rows())

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
