import csv
import io
import zipfile

import pytest
from django.urls import reverse

from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

URL = reverse("diary:export_csv")


def read(response):
    archive = zipfile.ZipFile(io.BytesIO(downloaded(response)))
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
    }


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_zips_one_csv_per_entry_type_the_medicines_and_own_items(patient_client, filled):
    response = patient_client.get(URL)
    tables = read(response)

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.csv.zip"')
    assert sorted(tables) == [
        "check_ins.csv",
        "doses.csv",
        "medications.csv",
        "own_techniques.csv",
        "own_triggers.csv",
        "spasms.csv",
        "symptom_checks.csv",
        "technique_sessions.csv",
    ]
    assert {name: len(rows) for name, rows in tables.items()} == {
        "check_ins.csv": 2,
        "doses.csv": 2,
        "medications.csv": 3,
        "own_techniques.csv": 0,
        "own_triggers.csv": 0,
        "spasms.csv": 3,
        "symptom_checks.csv": 0,
        "technique_sessions.csv": 2,
    }


def test_its_rows_hold_the_entries(patient_client, filled):
    tables = read(patient_client.get(URL))
    cramp = tables["spasms.csv"][0]

    assert cramp["local_date"] == "2025-03-30"
    assert cramp["intensity"] == "7"
    assert cramp["body_areas"] == "left-lower-leg;right-lower-leg"
    assert cramp["kind"] == "cramp"
    assert tables["doses.csv"][1]["medication"] == "Magnesium"
    assert tables["doses.csv"][1]["amount"] == "400"
    assert tables["check_ins.csv"][1]["water_glasses"] == "3"
    assert tables["medications.csv"][2] == {
        "name": "Magnesium",
        "medication_class": "magnesium",
        "usual_amount": "400",
        "usual_unit": "mg",
        "is_current": "yes",
    }


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(
    patient_client, diary, frozen_today
):
    diary.spasm(frozen_today, note='=HYPERLINK("http://evil")')

    note = read(patient_client.get(URL))["spasms.csv"][0]["note"]

    assert note == '\'=HYPERLINK("http://evil")'


def test_an_empty_diary_gives_headers_only(patient_client, frozen_today):
    tables = read(patient_client.get(URL))

    assert all(rows == [] for rows in tables.values())
