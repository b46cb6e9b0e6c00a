"""Every export streams: from its first byte, a few rows at a time, with a number of
queries that does not grow with the diary, and with an ending a cut-off download
cannot fake. The JSON export, sent in many pieces, imports back whole."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.care import sharing
from diary.data import json_records
from diary.data.ids import entry_id
from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession
from tests.conftest import TODAY
from tests.helpers import downloaded, upload

pytestmark = pytest.mark.django_db

CSV, JSON, FHIR = (reverse(f"diary:export_{name}") for name in ("csv", "json", "fhir"))
EXPORTS = pytest.mark.parametrize("url", [CSV, JSON, FHIR], ids=["csv", "json", "fhir"])
AREAS = [[], ["neck"], ["left-hand", "right-hand"], ["lower-back", "neck", "chest"]]


def export(client, url) -> list[bytes]:
    """An export's pieces, as they were sent."""
    response = client.get(url)
    assert response.status_code == 200
    return list(response.streaming_content)


def zip_tables(body: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return {
        name.removesuffix(".csv"): list(
            csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")))
        )
        for name in archive.namelist()
    }


def everything(user) -> dict[str, list[dict]]:
    return json_records.diary_records(user)


@pytest.fixture
def small_chunks(monkeypatch):
    """Read 3 rows at a time and send pieces of about 200 characters, so that even a
    short diary is read and sent in many chunks."""
    monkeypatch.setattr(json_records, "CHUNK_ROWS", 3)
    monkeypatch.setattr(json_records, "CHUNK_BYTES", 200)


def add_days(diary, days):
    """`days` more days before the filled diary: spasms with from none to three areas
    (two at the very same moment), a dose, a technique session and a check-in each."""
    ibuprofen = diary.medication("Ibuprofen", kind=None)
    for number in range(1, days + 1):
        day = TODAY - timedelta(days=40 + number)  # before the filled diary's days
        areas = AREAS[number % len(AREAS)]
        triggers = ["cold"] if number % 3 else []
        diary.spasm(day, hour=9, intensity=number % 11, areas=areas, triggers=triggers)
        diary.spasm(day, hour=9, intensity=2, areas=AREAS[(number + 1) % len(AREAS)])
        diary.dose(ibuprofen, day, amount="200")
        diary.session(day, "heat", minutes=10)
        diary.check_in(day, stress=number % 11)


@pytest.fixture
def long_diary(filled, patient):
    add_days(filled, 40)
    return filled


@EXPORTS
def test_each_export_streams_with_no_length_announced(patient_client, filled, url):
    response = patient_client.get(url)

    assert response.streaming
    assert not response.has_header("Content-Length")


def test_the_clinicians_csv_streams_with_no_length_announced(client, patient, doctor, filled):
    sharing.grant(patient, doctor)
    client.force_login(doctor)

    response = client.get(reverse("admin:diary_spasm_export"))

    assert response.streaming
    assert not response.has_header("Content-Length")
    assert downloaded(response).decode().count("\n") == 1 + Spasm.objects.count()


def test_a_json_export_in_many_chunks_holds_every_record(
    patient_client, patient, long_diary, small_chunks
):
    pieces = export(patient_client, JSON)
    document = json.loads(b"".join(pieces))

    assert len(pieces) > 100
    assert {section: document[section] for section in everything(patient)} == everything(patient)
    assert len(document["spasms"]) == 83


def test_each_spasm_keeps_its_own_areas_and_triggers_across_chunks(
    patient_client, patient, long_diary, small_chunks
):
    document = json.loads(b"".join(export(patient_client, JSON)))

    def slugs(items):
        return [item.slug for item in items.order_by("order", "slug")]

    assert {
        record["id"]: (record["body_areas"], record["triggers"]) for record in document["spasms"]
    } == {
        entry_id(Spasm, spasm.pk, spasm.client_token): (
            slugs(spasm.body_areas),
            slugs(spasm.triggers),
        )
        for spasm in Spasm.objects.owned_by(patient)
    }


def test_a_json_export_ends_with_the_checksum_of_what_came_before(
    patient_client, long_diary, small_chunks
):
    document = json.loads(b"".join(export(patient_client, JSON)))

    assert list(document)[-1] == "checksum"
    assert document["checksum"] == json_records.checksum(document)


def test_a_json_export_in_many_chunks_imports_back_completely(
    patient_client, patient, long_diary, small_chunks
):
    before = everything(patient)
    body = b"".join(export(patient_client, JSON))
    for model in (Spasm, Dose, TechniqueSession, CheckIn, Medication):
        model.objects.owned_by(patient).delete()

    response = patient_client.post(reverse("diary:import"), {"file": upload(body)})

    assert response.status_code == 302
    assert everything(patient) == before


def test_a_csv_zip_in_many_chunks_holds_every_record(
    patient_client, patient, long_diary, small_chunks
):
    pieces = export(patient_client, CSV)
    tables = zip_tables(b"".join(pieces))

    assert len(pieces) > 3
    assert {name: len(rows) for name, rows in tables.items()} == {
        section: len(records) for section, records in everything(patient).items()
    }
    assert [row["body_areas"] for row in tables["spasms"]] == [
        ";".join(record["body_areas"]) for record in everything(patient)["spasms"]
    ]


def test_a_fhir_export_in_many_chunks_has_a_resource_for_every_record(
    patient_client, patient, long_diary, small_chunks
):
    pieces = export(patient_client, FHIR)
    bundle = json.loads(b"".join(pieces))

    records = everything(patient)
    assert len(pieces) > 100
    # Every entry is a resource of its own id (a check-in also gives its pain an
    # Observation, and its Questionnaire comes once), and every medicine a statement.
    ids = [entry["resource"]["id"] for entry in bundle["entry"]]
    assert len(set(ids)) == len(ids)
    assert {row["id"] for rows in records.values() for row in rows if "id" in row} <= set(ids)
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("MedicationStatement") == len(records["medications"])
    sites = [
        entry["resource"].get("bodySite", {}).get("text", "")
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation" and "bodySite" in entry["resource"]
    ]
    assert len(sites) == sum(1 for record in records["spasms"] if record["body_areas"])


def read_json(body):
    return json.loads(body)


def read_zip(body):
    return zip_tables(body)


@pytest.mark.parametrize(
    ("url", "read", "failure"),
    [
        (CSV, read_zip, zipfile.BadZipFile),
        (JSON, read_json, ValueError),
        (FHIR, read_json, ValueError),
    ],
    ids=["csv", "json", "fhir"],
)
def test_a_download_cut_off_after_any_chunk_cannot_be_read_as_whole(
    patient_client, long_diary, small_chunks, url, read, failure
):
    pieces = export(patient_client, url)

    for count in range(1, len(pieces)):
        with pytest.raises(failure):
            read(b"".join(pieces[:count]))
    read(b"".join(pieces))  # and the whole download reads


def test_a_json_export_cut_off_is_refused_by_the_import_and_saves_nothing(
    patient_client, patient, long_diary, small_chunks
):
    pieces = export(patient_client, JSON)
    for model in (Spasm, Dose, TechniqueSession, CheckIn, Medication):
        model.objects.owned_by(patient).delete()

    response = patient_client.post(
        reverse("diary:import"), {"file": upload(b"".join(pieces[: len(pieces) - 1]))}
    )

    assert response.status_code == 400
    assert not Spasm.objects.owned_by(patient).exists()


@EXPORTS
def test_the_number_of_queries_does_not_grow_with_the_diary(
    patient_client, patient, filled, small_chunks, django_assert_max_num_queries, url
):
    with CaptureQueriesContext(connection) as small:
        export(patient_client, url)
    add_days(filled, 40)

    with django_assert_max_num_queries(len(small)):
        pieces = export(patient_client, url)
    assert len(pieces) > 3


def test_a_dose_of_a_medicine_added_while_the_file_is_written_is_left_out(
    patient, diary, frozen_today, small_chunks
):
    diary.dose(diary.medication("Magnesium"), frozen_today, amount="400")
    for days_ago in range(3):  # the check-ins come first in the file, the doses later
        diary.check_in(frozen_today - timedelta(days=days_ago), note="a day")
    chunks = json_records.export_json_chunks(patient)
    first = next(chunks)  # the medicines are read by now, the doses not yet
    diary.dose(diary.medication("Added meanwhile"), frozen_today, amount="1")

    document = json.loads(first + b"".join(chunks))

    assert [dose["medication"] for dose in document["doses"]] == ["Magnesium"]
    assert [medicine["name"] for medicine in document["medications"]] == ["Magnesium"]
