"""Run the timed work (reminders, big diary imports) until stopped; `--once` for cron and tests."""

import signal

from django.core.management.base import BaseCommand

from diary.worker import POLL_SECONDS, Worker


class Command(BaseCommand):
    help = (
        "Run timed and queued work (check-in and dose reminders, big diary imports) until "
        "stopped (SIGTERM or Ctrl-C lets the running job finish first). Several copies may "
        "run at once. With --once, do what is waiting and exit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Do what is waiting now, then exit (for cron)."
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=POLL_SECONDS,
            help=f"Seconds to wait between looks when idle (default {POLL_SECONDS}).",
        )

    def handle(self, *args, once=False, poll=POLL_SECONDS, **options):
        worker = Worker()
        if once:
            done = worker.run_once()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Worker {worker.token}: did {done} piece(s) of work.")
            return
        signal.signal(signal.SIGTERM, worker.stop)
        signal.signal(signal.SIGINT, worker.stop)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Worker {worker.token} started; waiting for work.")
        worker.run_forever(poll_seconds=max(poll, 0.1))
        if options["verbosity"] >= 1:
            self.stdout.write(f"Worker {worker.token} stopped.")
