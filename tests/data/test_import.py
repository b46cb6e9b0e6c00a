import json

import pytest
from django.urls import reverse

from diary.data import json_records, restore
from diary.models import CheckIn, Dose, Medication, Spasm, TechniqueSession
from tests.helpers import upload

pytestmark = pytest.mark.django_db

URL = reverse("diary:import")
MODELS = (Spasm, Dose, TechniqueSession, CheckIn, Medication)


def counts(user):
    return {model.__name__: model.objects.owned_by(user).count() for model in MODELS}


def resealed(document):
    """A document edited after export, with its checksum made to match again."""
    document["checksum"] = json_records.checksum(document)
    return document


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_restores_into_an_empty_diary(client, patient, make_user, filled):
    document = json_records.export_json(patient)
    newcomer = make_user("newcomer", time_zone="Europe/London")
    client.force_login(newcomer)

    asked = client.post(URL, {"file": upload(document)})
    response = client.post(URL, {"kept": asked.context["form"]["kept"].value(), "confirm": "on"})

    assert response.status_code == 302
    assert counts(newcomer) == counts(patient)
    cramp = Spasm.objects.owned_by(newcomer).get(intensity=7)
    assert sorted(cramp.body_areas.values_list("slug", flat=True)) == [
        "left-lower-leg",
        "right-lower-leg",
    ]
    assert sorted(cramp.triggers.values_list("slug", flat=True)) == ["cold", "poor-sleep"]


def test_importing_the_same_file_twice_changes_nothing(patient_client, patient, filled):
    document = json_records.export_json(patient)
    before = counts(patient)

    patient_client.post(URL, {"file": upload(document)})
    patient_client.post(URL, {"file": upload(document)})

    assert counts(patient) == before


def test_it_adds_only_what_an_existing_diary_lacks(patient, filled):
    document = json_records.export_json(patient)
    Spasm.objects.owned_by(patient).filter(intensity=7).delete()
    CheckIn.objects.owned_by(patient).filter(stress=2).delete()

    result = restore.import_diary(patient, document)

    assert result.added == {
        "medications": 0,
        "spasms": 1,
        "doses": 0,
        "technique_sessions": 0,
        "check_ins": 1,
        "symptom_checks": 0,
    }
    assert result.already_there == 3 + 2 + 2 + 2 + 1
    assert Spasm.objects.owned_by(patient).get(intensity=7).body_areas.count() == 2


def test_a_check_in_for_a_day_that_has_one_keeps_the_diarys_own(patient, filled):
    document = json_records.export_json(patient)
    CheckIn.objects.owned_by(patient).filter(stress=2).update(client_token=None, note="mine")
    CheckIn.objects.owned_by(patient).filter(stress=2).update(stress=3)

    restore.import_diary(patient, document)

    day = CheckIn.objects.owned_by(patient).get(local_date="2025-03-01")
    assert (day.stress, day.note) == (3, "mine")


def refused(client, document_or_bytes, name="diary.json"):
    response = client.post(URL, {"file": upload(document_or_bytes, name)})
    assert response.status_code == 400
    return response.context["form"].errors["file"][0]


def test_it_refuses_a_file_that_is_not_json(patient_client, patient, filled):
    before = counts(patient)

    message = refused(patient_client, b"\x89PNG not json at all", "photo.png")

    assert message.startswith("This file could not be read.")
    assert counts(patient) == before


def test_it_refuses_a_file_from_another_app(patient_client):
    message = refused(patient_client, {"resourceType": "Bundle", "entry": []})

    assert message.startswith("This file is not an Unknot diary export.")


def test_it_refuses_another_schema_version(patient_client, patient, filled):
    document = json_records.export_json(patient)
    document["schema_version"] = 2

    message = refused(patient_client, resealed(document))

    assert "format version 2" in message


def test_it_refuses_a_damaged_file_without_calling_the_checksum_a_protection(
    patient_client, patient, filled
):
    document = json_records.export_json(patient)
    document["spasms"][0]["intensity"] = 2

    message = refused(patient_client, document)

    assert message.startswith("This file looks damaged")
    assert "trust" not in message and "changed" not in message


@pytest.mark.parametrize(
    ("section", "change", "words"),
    [
        ("spasms", {"intensity": 14}, "Choose a number from 0 to 10."),
        ("spasms", {"started_at": "yesterday"}, "field “started_at” (when it started)"),
        ("spasms", {"body_areas": ["left-tail"]}, "a body area this server does not have"),
        ("spasms", {"id": "not-a-uuid"}, "its id is not valid"),
        ("doses", {"medication": "Unknown pill"}, "not in the file's list of medicines"),
        ("technique_sessions", {"technique": "levitation"}, "technique this server"),
        ("technique_sessions", {"technique": ""}, "technique this server"),
        ("medications", {"is_current": "yes"}, "“I take this now” must be true or false."),
        ("check_ins", {"mood": -1}, "mood"),
    ],
)
def test_it_refuses_bad_entries_and_imports_nothing(
    patient_client, patient, make_user, filled, section, change, words
):
    document = json_records.export_json(patient)
    document[section][-1].update(change)
    newcomer = make_user("newcomer")
    patient_client.force_login(newcomer)

    message = refused(patient_client, resealed(document))

    assert words in message
    assert "This file has a problem in" in message
    assert counts(newcomer) == dict.fromkeys(counts(newcomer), 0)


def test_a_problem_late_in_the_file_leaves_nothing_half_imported(patient, make_user, filled):
    document = json_records.export_json(patient)
    document["check_ins"][-1]["id"] = document["spasms"][0]["id"]  # the same id twice
    newcomer = make_user("newcomer")

    with pytest.raises(restore.ImportRefused, match="appears twice"):
        restore.import_diary(newcomer, resealed(document))

    assert counts(newcomer) == dict.fromkeys(counts(newcomer), 0)


def test_it_refuses_a_file_over_the_size_limit(patient_client, monkeypatch):
    monkeypatch.setattr(restore, "MAX_IMPORT_BYTES", 100)

    message = refused(patient_client, b"{" + b" " * 200 + b"}")

    assert message == "This file is 202\xa0bytes; the most this server takes is 100\xa0bytes."


def test_the_form_says_what_was_imported(patient_client, patient, filled):
    document = json.loads(json_records.export_json_bytes(patient))
    Spasm.objects.owned_by(patient).filter(intensity=0).delete()

    response = patient_client.post(URL, {"file": upload(document)}, follow=True)

    texts = [str(m) for m in response.context["messages"]]
    assert "Imported 1 entry into your diary." in texts
    assert "11 entries were already in your diary and were left as they were." in texts
