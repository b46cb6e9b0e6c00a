"""CSV: the patient's zip of one file per kind, and the clinician's entry lists.

Both write every cell through `csv_cell`, so a note that starts like a formula
never runs as one in a spreadsheet, on the patient's computer or a clinician's.
The patient's columns are the JSON record keys (diary.data.json_records); the
clinician's are the same fields as a person reads them (names, labels, the
patient's own clock) under the model's verbose names (diary.data.schema).
"""

import csv
import io
import zipfile

from django.http import StreamingHttpResponse
from django.utils.text import capfirst

from diary.data.json_records import diary_records
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


def export_csv_zip(user) -> bytes:
    """A zip of one CSV per kind of entry, plus the medicines: for spreadsheets.

    UTF-8 with a byte-order mark, so spreadsheet programs read accents right.
    Lists (body areas, triggers) are slugs joined by ";".
    """
    records = diary_records(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in KINDS:
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(kind.names)
            for record in records[kind.section]:
                writer.writerow([csv_cell(record[name]) for name in kind.names])
            archive.writestr(f"{kind.section}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


# --- the clinician's entry lists ---------------------------------------------------------


def readable_header(kind) -> list[str]:
    """The patient, then each exported field under its verbose name, as the admin shows it."""
    patient = kind.model._meta.get_field("owner").verbose_name
    return [capfirst(patient), *(value.header for value in kind.fields)]


def readable_row(kind, entry) -> list:
    owner = entry.owner
    return [owner.get_username(), *(value.readable(entry, owner) for value in kind.fields)]


class _Echo:
    def write(self, value):
        return value


def entries_csv_response(filename, kind, entries):
    """Stream `entries` (model rows of `kind`) as a CSV download a person reads."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([csv_cell(cell) for cell in readable_header(kind)])
        for entry in entries:
            yield writer.writerow([csv_cell(cell) for cell in readable_row(kind, entry)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
