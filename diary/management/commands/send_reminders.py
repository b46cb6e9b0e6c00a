"""Email today's check-in reminders. Run it every 15 minutes from cron."""

import os

from django.core.management.base import BaseCommand

from diary.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the daily check-in reminder to each patient whose chosen time has come, "
        "once per day, skipping those who already checked in. Run every 15 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("SITE_URL", ""),
            help="The site's address for links in the email, e.g. https://unknot.example.org "
            "(default: the SITE_URL environment variable; without it the email has no link).",
        )

    def handle(self, *args, base_url="", **options):
        report = send_due_reminders(base_url=base_url)
        if report.sent and options["verbosity"] >= 1:
            self.stdout.write(f"Sent {len(report.sent)} reminder(s).")
        for username in report.failed:
            self.stderr.write(f"Could not email the reminder to {username}; will retry.")
