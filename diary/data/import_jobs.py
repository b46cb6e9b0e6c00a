"""A big diary file imported as a job: queued by the import page, run by the worker.

A file larger than IMPORT_INLINE_MAX_BYTES would keep a web request busy longer than
the server's timeout (a 20-year diary is about 59 MB), so the import page keeps it in
a private folder, makes an ImportJob and shows its progress page; `manage.py
run_worker` (diary.worker) runs the job:

1. checking: the file is read and checked exactly as an import at once would
   (diary.data.restore), the count of records checked written on the job row as it
   goes, each write committed at once so the progress page sees it;
2. asking, only if the file holds someone else's diary and the importer has not yet
   said yes: the job waits for the answer on its progress page;
3. saving: everything written in ONE transaction, all or nothing, with the job's
   "done" in the same transaction. Progress written inside it would not be seen
   (PostgreSQL shows other connections only what is committed), so the page says
   "saving" for this part.

A failure saves nothing and keeps the message an import at once would give. The
file is deleted when the job is done or has failed.

Several workers may run at once. A worker takes a job with one conditional UPDATE
(queued → checking, with its own token) and runs it only if that changed one row, so
no job is run twice. While checking it beats a heartbeat; a job whose worker died
(heartbeat older than IMPORT_JOB_STALE_SECONDS) is taken over the same way. While
saving, the job's row is locked (PostgreSQL) or the whole database is (SQLite), so
a takeover waits for the save to end and then finds the job done.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary.data import restore
from diary.models import ImportJob
from diary.models.jobs import ERROR_LENGTH

logger = logging.getLogger(__name__)

Status = ImportJob.Status
MAX_ATTEMPTS = 3  # a file that stops a worker three times (out of memory, say) fails


class LostClaim(Exception):
    """Another worker has taken this job over: stop without writing anything."""


def inline_max_bytes() -> int:
    """Files up to this size are imported at once, in the request; bigger ones are jobs."""
    return getattr(settings, "IMPORT_INLINE_MAX_BYTES", 2 * 1024 * 1024)


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "IMPORT_JOB_STALE_SECONDS", 10 * 60))


def jobs_dir() -> Path:
    """The private folder where the files of waiting jobs are kept (mode 0700)."""
    default = Path(settings.DATA_DIR) / "import-jobs"
    return Path(getattr(settings, "IMPORT_JOBS_DIR", default))


def job_file(job) -> Path | None:
    if not job.file_name or Path(job.file_name).name != job.file_name:
        return None
    return jobs_dir() / job.file_name


def forget_job_file(job) -> None:
    path = job_file(job)
    if path is not None:
        path.unlink(missing_ok=True)


# --- queueing, and the importer's answer ---------------------------------------------


def queue_import(user, upload) -> ImportJob:
    """Keep the uploaded file privately and make a job for the worker to run."""
    folder = jobs_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(24)}.json"
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    upload.seek(0)
    with open(descriptor, "wb") as kept:
        shutil.copyfileobj(upload, kept, length=1024 * 1024)
    return ImportJob.objects.create(
        owner=user,
        file_name=name,
        file_size=upload.size,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def confirm_owner(job) -> bool:
    """The importer said yes to someone else's diary: the job waits for a worker again."""
    changed = ImportJob.objects.filter(pk=job.pk, status=Status.ASKING).update(
        status=Status.QUEUED, owner_confirmed=True, claimed_by="", heartbeat=None
    )
    return changed == 1


# --- the worker's part -----------------------------------------------------------------


class ImportJobRunner:
    """diary.worker's runner for import jobs: each `run_due` runs at most one job."""

    name = "import jobs"

    def run_due(self, token: str) -> int:
        """Run one waiting job, if there is one this worker can claim; how many ran."""
        expire_unanswered()
        for job_id in waiting_jobs():
            if claim(job_id, token):
                return 1 if run_job(job_id, token) else 0
        return 0


def waiting_jobs() -> list[int]:
    """Queued jobs, oldest first, then running ones whose worker has stopped beating.

    A patient's second file waits while their first is running: two saves into one
    diary at once would both add the entries the files share."""
    running = ImportJob.objects.filter(status__in=ImportJob.RUNNING)
    queued = (
        ImportJob.objects.filter(status=Status.QUEUED)
        .exclude(owner__in=running.values("owner"))
        .order_by("created_at", "pk")
    )
    stale = ImportJob.objects.filter(
        status__in=ImportJob.RUNNING, heartbeat__lt=timezone.now() - stale_after()
    ).order_by("heartbeat", "pk")
    return [*queued.values_list("pk", flat=True)[:20], *stale.values_list("pk", flat=True)[:20]]


def claim(job_id: int, token: str) -> bool:
    """Take the job for this worker with one conditional UPDATE; True if it is ours.

    Two workers may both see the job waiting; only one UPDATE matches its row."""
    now = timezone.now()
    waiting = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED)
    if waiting.update(
        status=Status.CHECKING,
        claimed_by=token,
        heartbeat=now,
        started_at=now,
        checked=0,
        attempts=F("attempts") + 1,
    ):
        return True
    abandoned = ImportJob.objects.filter(
        pk=job_id, status__in=ImportJob.RUNNING, heartbeat__lt=now - stale_after()
    )
    return bool(
        abandoned.update(
            status=Status.CHECKING,
            claimed_by=token,
            heartbeat=now,
            checked=0,
            attempts=F("attempts") + 1,
        )
    )


def expire_unanswered() -> None:
    """A question about someone else's diary not answered within the hour: the file goes."""
    cutoff = timezone.now() - timedelta(seconds=restore.HOLD_SECONDS)
    for job in ImportJob.objects.filter(status=Status.ASKING, heartbeat__lt=cutoff):
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _(
                "Nothing was imported: the question about whose diary this file holds "
                "was not answered within an hour. Choose the file again to import it."
            )
        changed = ImportJob.objects.filter(pk=job.pk, status=Status.ASKING).update(
            status=Status.FAILED, error=message, finished_at=timezone.now()
        )
        if changed:
            forget_job_file(job)


def _report(job_id, token, **fields):
    """Write progress on the job's row, committed at once; LostClaim if it is not ours."""
    mine = ImportJob.objects.filter(pk=job_id, claimed_by=token, status=Status.CHECKING)
    if not mine.update(heartbeat=timezone.now(), **fields):
        raise LostClaim


def run_job(job_id: int, token: str) -> bool:
    """Run a job this worker has claimed; False if it was put back to be tried again."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if job.attempts > MAX_ATTEMPTS:
                raise restore.ImportRefused(
                    ngettext(
                        "This import stopped part-way %(count)d time, so it was given up. "
                        "Nothing was imported.",
                        "This import stopped part-way %(count)d times, so it was given up. "
                        "Nothing was imported.",
                        job.attempts - 1,
                    )
                    % {"count": job.attempts - 1}
                )
            _check_and_save(job, token)
        except LostClaim:
            logger.warning("Import job %s was taken over by another worker.", job_id)
        except OperationalError:
            # The database was busy (SQLite's lock held by a long save) or went away:
            # nothing was saved, so the job waits its turn again, not counted as a try.
            logger.warning("Import job %s put back: the database was busy.", job_id, exc_info=True)
            _put_back(job_id, token, attempts=F("attempts") - 1)
            return False
        except IntegrityError:
            # Another job saved some of the same entries into this diary at the same
            # moment: run it again, and it finds them there (counted as a try).
            logger.warning("Import job %s put back: a clash with another save.", job_id)
            _put_back(job_id, token)
            return False
        except restore.ImportRefused as refusal:
            _fail(job, token, str(refusal))
        except Exception:
            logger.exception("Import job %s failed.", job_id)
            _fail(
                job,
                token,
                _(
                    "Something went wrong on the server while importing this file, and "
                    "nothing was imported. Please try again later; if it happens again, "
                    "tell the people who run this site."
                ),
            )
    return True


def _put_back(job_id, token, **fields):
    with contextlib.suppress(DatabaseError):  # if even this fails, the claim goes stale
        ImportJob.objects.filter(pk=job_id, claimed_by=token).update(
            status=Status.QUEUED, claimed_by="", **fields
        )


def _check_and_save(job, token):
    path = job_file(job)
    try:
        with File(path.open("rb")) as file:
            document = restore.read_document(file)
    except (FileNotFoundError, AttributeError) as error:  # AttributeError: no path at all
        raise restore.ImportRefused(
            _("The file of this import is no longer kept here. Choose it again.")
        ) from error
    username = document["patient"]["username"]
    _report(job.pk, token, total=restore.record_count(document), file_owner=username[:150])
    if username != job.owner.get_username() and not job.owner_confirmed:
        mine = ImportJob.objects.filter(pk=job.pk, claimed_by=token, status=Status.CHECKING)
        if not mine.update(status=Status.ASKING, heartbeat=timezone.now()):
            raise LostClaim
        return
    total = restore.record_count(document)
    intact = restore.checksum_matches(document)  # before the records are read away
    diary = restore.read_records(
        document, progress=lambda n: _report(job.pk, token, checked=n), consume=True
    )
    _report(job.pk, token, checked=total)
    restore.check_checksum(document, intact)
    del document
    _save(job, token, diary)


def _save(job, token, diary):
    mine = ImportJob.objects.filter(pk=job.pk, claimed_by=token)
    if not mine.filter(status=Status.CHECKING).update(
        status=Status.SAVING, heartbeat=timezone.now()
    ):
        raise LostClaim
    with transaction.atomic():
        # Lock the job's row for the whole save: a worker that would take the job
        # over waits for the commit and then finds it done.
        if not list(mine.filter(status=Status.SAVING).select_for_update().values_list("pk")):
            raise LostClaim
        result = restore.save_diary(job.owner, diary)
        mine.update(
            status=Status.DONE,
            added=result.added,
            already_there=result.already_there,
            finished_at=timezone.now(),
            heartbeat=timezone.now(),
        )
    forget_job_file(job)


def _fail(job, token, message):
    failed = ImportJob.objects.filter(pk=job.pk, claimed_by=token).update(
        status=Status.FAILED,
        error=Truncator(message).chars(ERROR_LENGTH),
        finished_at=timezone.now(),
    )
    if failed:
        forget_job_file(job)
