"""One worker for timed work: `manage.py run_worker` runs every runner's due work.

A runner is any object with a `name` and a `run_due(token)` method that does some of
the work that is due now and returns how much it did (0 when nothing was waiting). The
worker asks each runner in turn, again at once while any of them did something, and
sleeps POLL_SECONDS when none did. Runners are listed in RUNNERS by import path: the
big diary imports, and the reminders (check-in and doses, diary.reminders).

Several workers may run at once, on one machine or several: each runner claims its
work with a conditional UPDATE carrying the worker's token (import jobs, the day's
check-in reminder), or by inserting a row a unique constraint lets in once (a dose
reminder), so no piece of work is done twice. A worker that dies leaves its claim to
go stale; another takes it over.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading

from django.db import DatabaseError, close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

RUNNERS = [
    "diary.data.import_jobs.ImportJobRunner",
    "diary.reminders.runner.ReminderRunner",
]
POLL_SECONDS = 3
# --once stops after this many rounds even if work keeps arriving, so cron runs end.
MAX_ROUNDS_ONCE = 1000


def new_token() -> str:
    """This worker's name in the claims it makes: machine, process and a random part."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


class Worker:
    def __init__(self, runners=None, token=None):
        self.runners = runners if runners is not None else [import_string(r)() for r in RUNNERS]
        self.token = token or new_token()
        self.stopping = threading.Event()

    def run_due(self) -> int:
        """One round: every runner does what is due; how much was done in all."""
        done = 0
        for runner in self.runners:
            try:
                done += runner.run_due(self.token)
            except DatabaseError:
                # A locked SQLite file or a lost connection: try again next round.
                logger.exception("The worker's %s could not run this round.", runner.name)
        return done

    def run_once(self) -> int:
        """Do everything that is waiting, then return how much that was."""
        total = 0
        for _round in range(MAX_ROUNDS_ONCE):
            done = self.run_due()
            total += done
            if not done or self.stopping.is_set():
                break
        return total

    def run_forever(self, poll_seconds=POLL_SECONDS) -> None:
        """Work until `stop()`; finish what is running before stopping."""
        while not self.stopping.is_set():
            close_old_connections()  # after a long sleep or a lost database: a fresh one
            if not self.run_due():
                self.stopping.wait(poll_seconds)

    def stop(self, *args) -> None:
        self.stopping.set()
