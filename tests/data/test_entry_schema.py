"""The entry schema: every field of every kind is exported or left out on purpose, and
a field named in the schema reaches every format with no other edit."""

import csv
import dataclasses
import io
import zipfile

import pytest
from django.contrib import admin

from diary.care.clinician_admin.entry_lists import CheckInAdmin
from diary.data import csv_export, json_records, restore
from diary.data.schema import CHECK_INS, ENTRY_KINDS, KINDS, MEDICATIONS
from diary.models import CheckIn
from tests.conftest import TODAY

KIND_IDS = [kind.section for kind in KINDS]


def model_fields(kind):
    meta = kind.model._meta
    return {field.name for field in (*meta.concrete_fields, *meta.many_to_many)}


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_every_model_field_is_exported_or_left_out_on_purpose(kind):
    # A field added to the model and to neither list fails here: name it in the
    # schema (one line) or, with a comment saying why, in its `not_exported`.
    declared = {*kind.field_names, *kind.not_exported}

    assert model_fields(kind) - declared == set()


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_no_field_is_both_exported_and_left_out(kind):
    assert set(kind.field_names) & set(kind.not_exported) == set()


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_what_is_left_out_names_real_fields(kind):
    assert set(kind.not_exported) <= model_fields(kind)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_every_exported_name_is_a_field_of_the_model_or_the_stable_id(kind):
    assert set(kind.names) - {"id"} == set(kind.field_names) <= model_fields(kind)


def test_every_entry_carries_its_stable_id_and_medicines_go_by_name():
    assert all(kind.names[0] == "id" for kind in ENTRY_KINDS)
    assert "id" not in MEDICATIONS.names and "name" in MEDICATIONS.names


@pytest.fixture
def with_created_at():
    """The check-ins as if `created_at` had just been added to the schema, one name more."""
    return dataclasses.replace(
        CHECK_INS,
        names=(*CHECK_INS.names, "created_at"),
        not_exported=tuple(name for name in CHECK_INS.not_exported if name != "created_at"),
    )


@pytest.mark.django_db
def test_a_field_named_in_the_schema_reaches_the_json_and_the_clinicians_csv(
    diary, patient, with_created_at
):
    check_in = diary.check_in(TODAY, stress=3)

    record = json_records.kind_records(with_created_at, patient)[0]
    header = csv_export.readable_header(with_created_at)
    row = csv_export.readable_row(with_created_at, check_in)

    assert record["created_at"] == check_in.created_at.astimezone(patient.zone).isoformat()
    assert header[-1] == "Created"
    assert len(row) == len(header)


@pytest.mark.django_db
def test_a_field_named_in_the_schema_reaches_the_clinicians_entry_page(with_created_at):
    page = CheckInAdmin(CheckIn, admin.site)
    page.kind = with_created_at

    assert "created_at" in page.get_fields(request=None)


@pytest.mark.django_db
def test_a_field_named_in_the_schema_is_read_back_on_import(diary, patient, with_created_at):
    diary.check_in(TODAY, stress=3)
    record = json_records.kind_records(with_created_at, patient)[0]
    reader = restore.RecordReader(patient)

    row = reader.read(with_created_at, 1, {**record, "id": "1" * 32})

    assert row.entry.created_at.isoformat() == record["created_at"]


@pytest.mark.django_db
def test_the_patients_csv_columns_are_the_json_record_keys(diary, patient, frozen_today):
    diary.check_in(TODAY, stress=3, water_glasses=4)

    records = json_records.diary_records(patient)
    archive = csv_export.export_csv_zip(patient)

    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        for kind in KINDS:
            text = files.read(f"{kind.section}.csv").decode("utf-8-sig")
            header = next(csv.reader(io.StringIO(text)))
            assert header == list(kind.names)
            assert all(list(record) == header for record in records[kind.section])
