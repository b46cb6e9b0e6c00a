"""Ten years of a diary, exported as JSON and imported whole into a new account: the file
is too big to import within one request, so it goes through the worker as a job."""

import io
import random

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diary.data import import_jobs, json_records
from diary.demo import build_diary
from diary.models import ImportJob
from tests.helpers import text_between_tags, upload

pytestmark = pytest.mark.django_db

TEN_YEARS = 3650


@pytest.fixture(autouse=True)
def jobs_folder(settings, tmp_path):
    settings.IMPORT_JOBS_DIR = tmp_path / "import-jobs"


@pytest.fixture
def ten_year_diary(patient):
    counts = build_diary(patient, TEN_YEARS, random.Random(10), now=timezone.now())
    return counts


def test_a_ten_year_diary_comes_back_whole_through_an_import_job(
    client, patient, ten_year_diary, make_user
):
    client.force_login(patient)
    response = client.get(reverse("diary:export_json"))
    exported = b"".join(response.streaming_content)
    before = json_records.diary_records(patient)
    assert len(exported) > import_jobs.inline_max_bytes()  # the real threshold: a job

    newcomer = make_user("newcomer", time_zone="Europe/London")
    client.force_login(newcomer)
    progress = client.post(reverse("diary:import"), {"file": upload(exported)})["Location"]
    call_command("run_worker", "--once", stdout=io.StringIO())
    client.post(progress, {"confirm": "on"})  # yes, pat's diary into mine
    call_command("run_worker", "--once", stdout=io.StringIO())

    job = ImportJob.objects.owned_by(newcomer).get()
    assert job.status == ImportJob.Status.DONE, job.error
    after = json_records.diary_records(newcomer)
    assert {kind: len(rows) for kind, rows in after.items()} == {
        kind: len(rows) for kind, rows in before.items()
    }
    assert len(after["spasms"]) == ten_year_diary["spasms"] > 3 * TEN_YEARS // 2
    assert after == before  # every field of every entry, ids and days included
    total = sum(len(rows) for rows in before.values())
    assert (job.checked, job.total) == (total, total)
    paragraphs = text_between_tags(client.get(progress).content.decode(), "p")
    assert f"Imported {total} entries into your diary." in paragraphs
