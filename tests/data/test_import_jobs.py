"""A diary file too big to import within one request is imported by the worker, as a
job with a progress page; a small one is still imported at once.

The threshold (IMPORT_INLINE_MAX_BYTES) is made test-sized here, so the small diary of
`filled` counts as big."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diary.data import import_jobs, json_records
from diary.models import CheckIn, Dose, ImportJob, Medication, Spasm, TechniqueSession
from tests.helpers import text_between_tags, upload

pytestmark = pytest.mark.django_db

URL = reverse("diary:import")
MODELS = (Spasm, Dose, TechniqueSession, CheckIn, Medication)
Status = ImportJob.Status
REFRESH = '<meta http-equiv="refresh" content="3">'


@pytest.fixture(autouse=True)
def test_sized_limits(settings, tmp_path):
    """Files over 2,000 bytes are jobs; their files are kept in this test's own folder."""
    settings.IMPORT_INLINE_MAX_BYTES = 2000
    settings.IMPORT_JOBS_DIR = tmp_path / "import-jobs"
    return settings


def counts(user):
    return {model.__name__: model.objects.owned_by(user).count() for model in MODELS}


def nothing_in(user):
    return dict.fromkeys((model.__name__ for model in MODELS), 0)


def run_worker():
    call_command("run_worker", "--once", stdout=io.StringIO())


def page_text(response):
    return " ".join(text_between_tags(response.content.decode(), "p"))


@pytest.fixture
def own_big_file(patient, filled):
    """The patient's own export, emptied from their diary so the import has work to do."""
    document = json_records.export_json(patient)
    for model in MODELS:
        model.objects.owned_by(patient).delete()
    return document


@pytest.fixture
def queued(patient_client, own_big_file):
    """The answer to posting the big file: a redirect to its job's progress page."""
    return patient_client.post(URL, {"file": upload(own_big_file)})


def the_job(user):
    return ImportJob.objects.owned_by(user).get()


def test_a_small_file_is_imported_at_once_without_a_job(
    patient_client, patient, own_big_file, test_sized_limits
):
    test_sized_limits.IMPORT_INLINE_MAX_BYTES = 10 * 1024 * 1024

    response = patient_client.post(URL, {"file": upload(own_big_file)})

    assert response.status_code == 302
    assert response["Location"] == reverse("diary:dashboard")
    assert Spasm.objects.owned_by(patient).count() == 3
    assert not ImportJob.objects.exists()


def test_a_big_file_is_queued_and_nothing_is_imported_in_the_request(queued, patient):
    job = the_job(patient)

    assert queued.status_code == 302
    assert queued["Location"] == reverse("diary:import_progress", args=[job.pk])
    assert job.status == Status.QUEUED
    assert counts(patient) == nothing_in(patient)


def test_the_queued_file_is_kept_readable_only_by_the_server(queued, patient):
    path = import_jobs.job_file(the_job(patient))

    assert path.stat().st_mode & 0o077 == 0
    assert path.parent.stat().st_mode & 0o077 == 0


def test_a_waiting_job_page_says_so_and_refreshes_itself(queued, patient_client):
    response = patient_client.get(queued["Location"])

    assert response.status_code == 200
    assert "Waiting to start." in page_text(response)
    assert REFRESH in response.content.decode()
    assert 'role="status"' in response.content.decode()


def test_the_page_says_how_many_entries_are_checked(queued, patient, patient_client):
    ImportJob.objects.owned_by(patient).update(status=Status.CHECKING, checked=5, total=12)

    response = patient_client.get(queued["Location"])

    assert "Checked 5 of 12 entries." in page_text(response)
    assert REFRESH in response.content.decode()


def test_the_page_says_saving_while_the_entries_are_written(queued, patient, patient_client):
    ImportJob.objects.owned_by(patient).update(status=Status.SAVING, checked=12, total=12)

    response = patient_client.get(queued["Location"])

    assert "All 12 entries are checked. Saving them in your diary now…" in page_text(response)
    assert REFRESH in response.content.decode()


def test_the_worker_imports_the_queued_file_whole(queued, patient, filled):
    run_worker()

    job = the_job(patient)
    assert job.status == Status.DONE
    assert (job.checked, job.total) == (12, 12)
    assert counts(patient) == {
        "Spasm": 3,
        "Dose": 2,
        "TechniqueSession": 2,
        "CheckIn": 2,
        "Medication": 3,
    }
    assert sorted(
        Spasm.objects.owned_by(patient).get(intensity=7).body_areas.values_list("slug", flat=True)
    ) == ["left-lower-leg", "right-lower-leg"]


def test_the_finished_page_says_what_was_imported_in_the_same_words(
    queued, patient, patient_client
):
    run_worker()

    response = patient_client.get(queued["Location"])

    assert "Imported 12 entries into your diary." in page_text(response)
    assert REFRESH not in response.content.decode()


def test_the_file_is_deleted_once_imported(queued, patient):
    path = import_jobs.job_file(the_job(patient))

    run_worker()

    assert not path.exists()


def resealed(document):
    document["checksum"] = json_records.checksum(document)
    return document


def test_a_failing_job_saves_nothing_and_names_the_entry_and_field(
    patient_client, patient, own_big_file
):
    own_big_file["spasms"][2]["intensity"] = 14
    response = patient_client.post(URL, {"file": upload(resealed(own_big_file))})
    path = import_jobs.job_file(the_job(patient))

    run_worker()

    job = the_job(patient)
    assert job.status == Status.FAILED
    assert re.fullmatch(
        r"This file has a problem in spasms, entry 3 \(id [0-9a-f-]{36}\), "
        r"field “intensity” \(how bad \(0–10\)\): Choose a number from 0 to 10\.",
        job.error,
    ), job.error
    assert counts(patient) == nothing_in(patient)
    assert not path.exists()
    text = page_text(patient_client.get(response["Location"]))
    assert "Nothing from this file was saved in your diary." in text
    assert job.error in text


def test_a_damaged_big_file_fails_with_the_same_words_as_a_small_one(
    patient_client, patient, own_big_file
):
    own_big_file["spasms"][0]["intensity"] = 2  # not resealed: the checksum no longer matches
    patient_client.post(URL, {"file": upload(own_big_file)})

    run_worker()

    assert the_job(patient).error.startswith("This file looks damaged")
    assert counts(patient) == nothing_in(patient)


def test_a_file_over_the_import_limit_is_refused_beside_the_field_and_not_queued(
    patient_client, own_big_file, monkeypatch
):
    from diary.data import restore

    monkeypatch.setattr(restore, "MAX_IMPORT_BYTES", 2500)

    response = patient_client.post(URL, {"file": upload(own_big_file)})

    assert response.status_code == 400
    assert response.context["form"].errors["file"][0].startswith("This file is ")
    assert not ImportJob.objects.exists()


def test_another_users_job_page_is_not_found(queued, client, stranger):
    client.force_login(stranger)

    assert client.get(queued["Location"]).status_code == 404
    assert client.post(queued["Location"], {"confirm": "on"}).status_code == 404


def test_the_job_page_needs_a_log_in(queued, client):
    client.logout()

    response = client.get(queued["Location"])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- someone else's diary --------------------------------------------------------------


@pytest.fixture
def newcomer(make_user):
    return make_user("newcomer")


@pytest.fixture
def asked(client, newcomer, patient, filled):
    """The newcomer has sent the patient's big file, and the worker has looked at it."""
    client.force_login(newcomer)
    response = client.post(URL, {"file": upload(json_records.export_json(patient))})
    run_worker()
    return response["Location"]


def test_a_big_file_of_someone_elses_diary_waits_for_the_importers_yes(asked, client, newcomer):
    response = client.get(asked)

    assert the_job(newcomer).status == Status.ASKING
    assert counts(newcomer) == nothing_in(newcomer)
    assert (
        "This file holds the diary of pat, and you are signed in as newcomer. "
        "Nothing has been imported yet." in text_between_tags(response.content.decode(), "p")
    )
    assert "Yes, import this diary of pat into mine" in response.content.decode()
    assert REFRESH not in response.content.decode()  # it would wipe the box being ticked


def test_leaving_the_box_unticked_imports_nothing_and_asks_again(asked, client, newcomer):
    response = client.post(asked, {"import": "Import"})
    run_worker()

    assert response.status_code == 400
    assert response.context["form"].errors["confirm"] == [
        "Tick the box to import this file, or choose another."
    ]
    assert the_job(newcomer).status == Status.ASKING
    assert counts(newcomer) == nothing_in(newcomer)


def test_ticking_the_box_imports_the_file_through_the_worker(asked, client, newcomer):
    response = client.post(asked, {"confirm": "on"})
    assert the_job(newcomer).status == Status.QUEUED

    run_worker()

    assert response.status_code == 302
    assert the_job(newcomer).status == Status.DONE
    assert Spasm.objects.owned_by(newcomer).count() == 3


def test_an_unanswered_question_expires_and_the_file_goes(asked, newcomer):
    path = import_jobs.job_file(the_job(newcomer))
    ImportJob.objects.owned_by(newcomer).update(heartbeat=timezone.now() - timedelta(hours=2))

    run_worker()

    job = the_job(newcomer)
    assert job.status == Status.FAILED
    assert "was not answered within an hour" in job.error
    assert not path.exists()


def test_deleting_the_account_deletes_a_waiting_jobs_file(asked, newcomer):
    path = import_jobs.job_file(the_job(newcomer))

    newcomer.delete()

    assert not path.exists()


# --- workers that stop part-way ----------------------------------------------------------


def abandoned(user, minutes_ago, attempts=1):
    """Make the user's job look claimed by a worker that stopped beating `minutes_ago`."""
    ImportJob.objects.owned_by(user).update(
        status=Status.CHECKING,
        claimed_by="crashed-worker",
        heartbeat=timezone.now() - timedelta(minutes=minutes_ago),
        attempts=attempts,
    )


def test_a_job_whose_worker_stopped_beating_is_taken_over(queued, patient):
    abandoned(patient, minutes_ago=60)

    run_worker()

    job = the_job(patient)
    assert job.status == Status.DONE
    assert job.claimed_by != "crashed-worker"
    assert job.attempts == 2
    assert Spasm.objects.owned_by(patient).count() == 3


def test_a_job_with_a_fresh_heartbeat_is_left_to_its_worker(queued, patient):
    abandoned(patient, minutes_ago=1)

    run_worker()

    job = the_job(patient)
    assert (job.status, job.claimed_by) == (Status.CHECKING, "crashed-worker")
    assert counts(patient) == nothing_in(patient)


def test_a_job_that_keeps_stopping_its_worker_is_given_up(queued, patient):
    abandoned(patient, minutes_ago=60, attempts=import_jobs.MAX_ATTEMPTS)

    run_worker()

    job = the_job(patient)
    assert job.status == Status.FAILED
    assert job.error.startswith("This import stopped part-way 3 times")
    assert counts(patient) == nothing_in(patient)


def test_a_patients_second_file_waits_while_their_first_is_running(queued, patient, own_big_file):
    first = the_job(patient)
    ImportJob.objects.filter(pk=first.pk).update(
        status=Status.CHECKING, claimed_by="another-worker", heartbeat=timezone.now()
    )
    second = import_jobs.queue_import(patient, upload(own_big_file))

    run_worker()

    second.refresh_from_db()
    assert second.status == Status.QUEUED
