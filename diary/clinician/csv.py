"""CSV files of diary rows for clinicians, written as they stream out."""

import csv

from django.http import StreamingHttpResponse

from diary.exports import csv_cell


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream `rows` (iterables of cells) under `header` as a CSV download.

    Cells are written by the patient's own export's `csv_cell`, so a note that
    starts like a formula never runs as one on a clinician's computer either.
    """
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
