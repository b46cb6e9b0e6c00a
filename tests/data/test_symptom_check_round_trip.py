"""Symptom checks leave with the diary and come back with it: JSON and CSV carry every
answer; an export imported into another account holds the same checks, and importing
it twice adds nothing; a file made before symptom checks existed still imports."""

import csv
import io
import uuid
import zipfile
from datetime import timedelta

import pytest

from diary.data import csv_export, json_records, restore
from diary.data.restore import ImportRefused
from diary.models import SymptomCheck
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db

ANSWER_FIELDS = (
    "local_date",
    "fatigue",
    "waking_unrefreshed",
    "thinking",
    "headaches",
    "lower_belly_pain",
    "low_mood",
)


@pytest.fixture
def checks(patient, frozen_today):
    first = SymptomCheck.objects.create(
        owner=patient,
        local_date=TODAY - timedelta(days=7),
        client_token=uuid.uuid4(),
        fatigue=3,
        waking_unrefreshed=2,
        thinking=1,
        headaches=True,
        lower_belly_pain=False,
        low_mood=True,
    )
    second = SymptomCheck.objects.create(
        owner=patient,
        local_date=TODAY,
        fatigue=0,
        waking_unrefreshed=1,
        thinking=3,
        headaches=False,
        lower_belly_pain=True,
        low_mood=False,
    )  # saved without a form token, as the admin would: it gets a derived id
    return [first, second]


@pytest.fixture
def newcomer(make_user):
    return make_user("newcomer", time_zone="Europe/London")


def answers(user):
    return list(
        SymptomCheck.objects.owned_by(user).order_by("local_date").values_list(*ANSWER_FIELDS)
    )


def test_the_export_lists_every_answer_of_every_check(patient, checks):
    document = json_records.export_json(patient)

    assert document["symptom_checks"] == [
        {
            "id": str(checks[0].client_token),
            "local_date": "2025-03-24",
            "fatigue": 3,
            "waking_unrefreshed": 2,
            "thinking": 1,
            "headaches": True,
            "lower_belly_pain": False,
            "low_mood": True,
        },
        {
            "id": document["symptom_checks"][1]["id"],
            "local_date": "2025-03-31",
            "fatigue": 0,
            "waking_unrefreshed": 1,
            "thinking": 3,
            "headaches": False,
            "lower_belly_pain": True,
            "low_mood": False,
        },
    ]


def test_an_export_imported_into_another_account_holds_the_same_checks(patient, checks, newcomer):
    document = json_records.export_json(patient)

    result = restore.import_diary(newcomer, document)

    assert result.added["symptom_checks"] == 2
    assert answers(newcomer) == answers(patient)
    assert answers(patient)[0] == (TODAY - timedelta(days=7), 3, 2, 1, True, False, True)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(patient, checks, newcomer):
    document = json_records.export_json(patient)
    restore.import_diary(newcomer, document)

    again = restore.import_diary(newcomer, document)

    assert again.added["symptom_checks"] == 0
    assert SymptomCheck.objects.owned_by(newcomer).count() == 2


def test_a_day_that_already_has_a_check_keeps_its_own(patient, checks, newcomer):
    document = json_records.export_json(patient)
    SymptomCheck.objects.create(
        owner=newcomer,
        local_date=TODAY,
        fatigue=2,
        waking_unrefreshed=2,
        thinking=2,
        headaches=False,
        lower_belly_pain=False,
        low_mood=False,
    )

    result = restore.import_diary(newcomer, document)

    assert result.added["symptom_checks"] == 1
    assert SymptomCheck.objects.owned_by(newcomer).get(local_date=TODAY).fatigue == 2


def test_a_file_with_two_checks_for_one_day_is_refused(patient, checks, newcomer):
    document = json_records.export_json(patient)
    document["symptom_checks"][1]["local_date"] = document["symptom_checks"][0]["local_date"]

    with pytest.raises(ImportRefused, match="two symptom checks for one day"):
        restore.import_diary(newcomer, document)
    assert not SymptomCheck.objects.owned_by(newcomer).exists()


def test_an_answer_out_of_range_is_refused_naming_the_field(patient, checks, newcomer):
    document = json_records.export_json(patient)
    document["symptom_checks"][0]["fatigue"] = 4

    with pytest.raises(ImportRefused, match="symptom checks, entry 1.*fatigue"):
        restore.import_diary(newcomer, document)


def test_a_file_from_before_symptom_checks_still_imports(patient, checks, newcomer):
    document = json_records.export_json(patient)
    del document["symptom_checks"]

    result = restore.import_diary(newcomer, restore.check_document(document))

    assert result.added["symptom_checks"] == 0
    assert not SymptomCheck.objects.owned_by(newcomer).exists()


def test_the_csv_export_has_a_table_of_symptom_checks(patient, checks):
    archive = zipfile.ZipFile(io.BytesIO(csv_export.export_csv_zip(patient)))
    text = archive.read("symptom_checks.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))

    assert [(row["local_date"], row["fatigue"], row["headaches"]) for row in rows] == [
        ("2025-03-24", "3", "yes"),
        ("2025-03-31", "0", "no"),
    ]
