"""A file holding someone else's diary is imported only once the importer says yes."""

import pytest
from django.urls import reverse

from diary.data import json_records, restore
from diary.models import Spasm
from tests.helpers import text_between_tags, upload

pytestmark = pytest.mark.django_db

URL = reverse("diary:import")


@pytest.fixture
def newcomer(make_user):
    return make_user("newcomer")


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer)
    return client


@pytest.fixture
def patients_file(patient, filled):
    return upload(json_records.export_json(patient))


@pytest.fixture
def asked(newcomer_client, patients_file):
    """The answer to the first upload of the patient's file by someone else."""
    return newcomer_client.post(URL, {"file": patients_file})


def kept_token(response):
    return response.context["form"]["kept"].value()


def test_it_imports_ones_own_file_without_asking(patient_client, patient, filled):
    document = json_records.export_json(patient)
    Spasm.objects.owned_by(patient).delete()

    response = patient_client.post(URL, {"file": upload(document)})

    assert response.status_code == 302
    assert Spasm.objects.owned_by(patient).count() == 3


def test_it_says_whose_diary_the_file_holds_and_imports_nothing(asked, newcomer):
    paragraphs = text_between_tags(asked.content.decode(), "p")

    assert asked.status_code == 200
    assert (
        "This file holds the diary of pat, and you are signed in as newcomer. "
        "Nothing has been imported yet." in paragraphs
    )
    assert Spasm.objects.owned_by(newcomer).count() == 0


def test_it_asks_with_a_box_naming_the_files_owner(asked):
    assert "Yes, import this diary of pat into mine" in asked.content.decode()
    assert asked.context["form"]["confirm"].value() is False


def test_ticking_the_box_imports_the_kept_file_without_a_second_upload(
    asked, newcomer_client, newcomer
):
    response = newcomer_client.post(URL, {"kept": kept_token(asked), "confirm": "on"})

    assert response.status_code == 302
    assert Spasm.objects.owned_by(newcomer).count() == 3


def test_the_kept_file_is_removed_once_imported(asked, newcomer_client):
    path, _importer = restore.held_file(kept_token(asked))

    newcomer_client.post(URL, {"kept": kept_token(asked), "confirm": "on"})

    assert not path.exists()


def test_the_kept_file_is_readable_only_by_the_server(asked):
    path, _importer = restore.held_file(kept_token(asked))

    assert path.stat().st_mode & 0o077 == 0


def test_leaving_the_box_unticked_imports_nothing_and_asks_again(asked, newcomer_client, newcomer):
    response = newcomer_client.post(URL, {"kept": kept_token(asked)})

    assert response.status_code == 400
    assert response.context["form"].errors["confirm"] == [
        "Tick the box to import this file, or choose another."
    ]
    assert Spasm.objects.owned_by(newcomer).count() == 0


def test_a_new_file_chosen_while_asked_is_checked_on_its_own(asked, newcomer_client, newcomer):
    own = upload(json_records.export_json(newcomer))

    response = newcomer_client.post(URL, {"kept": kept_token(asked), "confirm": "on", "file": own})

    assert response.status_code == 302
    assert Spasm.objects.owned_by(newcomer).count() == 0  # their own, empty diary


def test_a_kept_file_cannot_be_imported_by_someone_else(asked, client, make_user):
    client.force_login(make_user("stranger"))

    response = client.post(URL, {"kept": kept_token(asked), "confirm": "on"})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "That file is no longer kept here. Choose it again."
    ]
    assert Spasm.objects.filter(owner__username="stranger").count() == 0


def test_a_made_up_token_is_refused(newcomer_client):
    response = newcomer_client.post(URL, {"kept": "../../etc/passwd", "confirm": "on"})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "That file is no longer kept here. Choose it again."
    ]


def test_posting_nothing_asks_for_the_file(newcomer_client):
    response = newcomer_client.post(URL, {"import": "Import"})  # no file chosen

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["Choose your diary file (.json)."]


def test_the_page_calls_the_checksum_a_check_for_damage_not_a_protection(newcomer_client):
    text = " ".join(text_between_tags(newcomer_client.get(URL).content.decode(), "p"))

    assert "a check for a damaged file" in text
    assert "cannot tell who made the file" in text
