"""Send the reminders due now, once: for hosts who run cron instead of the worker."""

import os

from django.core.management.base import BaseCommand

from diary.reminders import send_due_reminders
from diary.reminders.doses import send_due_dose_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that are due now: the daily check-in reminder and the dose "
        "reminders of medicines with set times, each once, by push or email as each "
        "patient chose. `manage.py run_worker` does this by itself; without the worker, "
        "run this every 5 to 15 minutes from cron. Safe to run beside a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("SITE_URL", ""),
            help="The site's address for links in the email, e.g. https://unknot.example.org "
            "(default: the SITE_URL environment variable; without it the email has no link).",
        )

    def handle(self, *args, base_url="", **options):
        check_ins = send_due_reminders(base_url=base_url)
        doses = send_due_dose_reminders(token=f"send_reminders:{os.getpid()}", base_url=base_url)
        sent = len(check_ins.sent) + len(doses.sent)
        if sent and options["verbosity"] >= 1:
            self.stdout.write(f"Sent {sent} reminder(s).")
        for username in [*check_ins.failed, *doses.failed]:
            self.stderr.write(f"Could not send a reminder to {username}; will retry.")
