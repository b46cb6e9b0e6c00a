"""CSV files of diary rows for clinicians, written as they stream out."""

import csv

from django.http import StreamingHttpResponse

# A cell starting with one of these is a formula to a spreadsheet; a patient's
# note must never run as one on a clinician's computer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)  # numbers and dates are safe as they are
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream `rows` (iterables of cells) under `header` as a CSV download."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
