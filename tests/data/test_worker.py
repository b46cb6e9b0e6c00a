"""The one worker for timed work (`manage.py run_worker`): a loop over runners, safe
with several copies running at once."""

import io
import json
import re
import signal
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import OperationalError

from diary.worker import Worker
from tests.helpers import text_between_tags
from tests.live_server import ROOT, wait_until
from tests.security.live_app import Phone


class Countdown:
    """A runner with `left` pieces of work, doing one a round."""

    name = "countdown"

    def __init__(self, left):
        self.left = left
        self.tokens = set()

    def run_due(self, token):
        self.tokens.add(token)
        if not self.left:
            return 0
        self.left -= 1
        return 1


class BrokenDatabase:
    name = "broken"

    def run_due(self, token):
        raise OperationalError("database is locked")


def test_once_runs_every_runner_until_none_has_work_left():
    short, long = Countdown(1), Countdown(4)

    done = Worker(runners=[short, long]).run_once()

    assert done == 5
    assert (short.left, long.left) == (0, 0)


def test_a_runner_whose_database_fails_does_not_stop_the_others():
    others = Countdown(2)

    done = Worker(runners=[BrokenDatabase(), others]).run_once()

    assert done == 2


def test_every_runner_is_given_the_workers_own_token():
    first, second = Countdown(1), Countdown(1)
    worker = Worker(runners=[first, second])

    worker.run_once()

    assert first.tokens == second.tokens == {worker.token}
    assert Worker(runners=[]).token != worker.token


@pytest.mark.django_db
def test_run_forever_finishes_the_round_and_stops_when_told():
    class StopsTheWorker(Countdown):
        def run_due(self, token):
            worker.stop()
            return super().run_due(token)

    runner = StopsTheWorker(3)
    worker = Worker(runners=[runner])

    worker.run_forever(poll_seconds=0.01)

    assert runner.left == 2


@pytest.mark.django_db
def test_the_command_with_once_exits_when_nothing_is_waiting():
    out = io.StringIO()

    call_command("run_worker", "--once", stdout=out)

    assert "did 0 piece(s) of work" in out.getvalue()


# --- two workers at once, in processes of their own, on a database of their own ---------

JOBS = 12

QUEUE_JOBS = """
import random
from django.core.files.base import ContentFile
from django.utils import timezone
from diary.data import import_jobs, json_records
from diary.demo import build_diary
from diary.models import ImportJob, User
source = User.objects.create_user("source", password="p" * 20, time_zone="Europe/London")
build_diary(source, 20, random.Random(1), now=timezone.now())
data = json_records.export_json_bytes(source)
for number in range({jobs}):
    importer = User.objects.create_user(f"importer{{number}}", password="p" * 20)
    job = import_jobs.queue_import(importer, ContentFile(data))
    # Held back (as if asking) until both workers are running.
    ImportJob.objects.filter(pk=job.pk).update(
        owner_confirmed=True, status="asking", heartbeat=timezone.now()
    )
"""

RELEASE_JOBS = """
from diary.models import ImportJob
ImportJob.objects.update(status="queued")
"""

READ_JOBS = """
import json
from diary.models import ImportJob, Spasm
source = Spasm.objects.filter(owner__username="source").count()
jobs = [
    {
        "status": job.status,
        "attempts": job.attempts,
        "claimed_by": job.claimed_by,
        "spasms": Spasm.objects.filter(owner=job.owner).count(),
    }
    for job in ImportJob.objects.all()
]
print("JOBS " + json.dumps({"source": source, "jobs": jobs}))
"""


def read_jobs(live_app):
    output = live_app.manage("shell", "-c", READ_JOBS)
    line = next(line for line in output.splitlines() if line.startswith("JOBS "))
    return json.loads(line[5:])


def start_worker(live_app):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--poll", "0.05"],
        cwd=ROOT,
        env={**live_app.env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_workers_at_once_run_each_job_exactly_once(live_app):
    live_app.prepare([])
    live_app.manage("shell", "-c", QUEUE_JOBS.format(jobs=JOBS))
    workers = [start_worker(live_app) for _ in range(2)]
    try:
        first_lines = [worker.stdout.readline() for worker in workers]
        assert all("started" in line for line in first_lines), first_lines
        # Both are polling: let every job out at the same moment, so both see them all.
        live_app.manage("shell", "-c", RELEASE_JOBS)
        finished = wait_until(
            lambda: all(job["status"] == "done" for job in read_jobs(live_app)["jobs"]),
            timeout=180,
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        outputs = [worker.communicate(timeout=60) for worker in workers]

    assert finished, outputs
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    found = read_jobs(live_app)
    assert [job["attempts"] for job in found["jobs"]] == [1] * JOBS  # each claimed once
    assert all(job["spasms"] == found["source"] > 0 for job in found["jobs"])
    tokens = {re.search(r"Worker (\S+) started", line).group(1) for line in first_lines}
    assert {job["claimed_by"] for job in found["jobs"]} <= tokens


# --- the progress page, following a real worker ------------------------------------------

QUEUE_TEN_YEARS = """
import random
from django.core.files.base import ContentFile
from django.utils import timezone
from diary.data import import_jobs, json_records
from diary.demo import build_diary
from diary.models import ImportJob, User
source = User.objects.create_user("source", password="p" * 20, time_zone="Europe/London")
build_diary(source, 3650, random.Random(1), now=timezone.now())
importer = User.objects.get(username="ana")
job = import_jobs.queue_import(importer, ContentFile(json_records.export_json_bytes(source)))
ImportJob.objects.filter(pk=job.pk).update(owner_confirmed=True)
print("JOB", job.pk)
"""
SAID = re.compile(
    r"Waiting to start|Checked (\d+) of (\d+) entries|All \d+ entries are checked"
    r"|Imported \d+ entries into your diary"
)
REFRESH = '<meta http-equiv="refresh" content="3">'


def test_the_progress_page_follows_the_worker_from_waiting_to_imported(live_app):
    live_app.prepare(["ana"])
    job = re.search(r"JOB (\d+)", live_app.manage("shell", "-c", QUEUE_TEN_YEARS)).group(1)
    live_app.start(workers=1, threads=2)
    phone = Phone(live_app, "ana")
    phone.log_in()
    seen, refreshing = [], []

    def look():
        status, page = phone.request(f"/diary/import/{job}/")
        assert status == 200
        said = SAID.search(" ".join(text_between_tags(page, "p")))
        if said and (not seen or seen[-1][0] != said[0]):
            seen.append(said)
            refreshing.append(REFRESH in page)
        return bool(said) and said[0].startswith("Imported")

    assert not look()
    worker = start_worker(live_app)
    try:
        finished = wait_until(look, timeout=180)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=60)

    assert finished, [said[0] for said in seen]
    assert seen[0][0] == "Waiting to start"
    part_way = [said for said in seen if said[1] and 0 < int(said[1]) < int(said[2])]
    assert part_way, [said[0] for said in seen]  # the count, seen while it was checking
    assert seen[-1][0].startswith("Imported")
    assert refreshing[:-1] == [True] * (len(seen) - 1) and refreshing[-1] is False
