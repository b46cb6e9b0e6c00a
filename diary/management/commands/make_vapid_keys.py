"""Make the server's key pair for web push reminders, or show the one it has.

    python manage.py make_vapid_keys
    python manage.py make_vapid_keys --rotate

The keys are kept in the database, so they survive restarts and every app server
uses the same pair. Running this is optional: the first patient to open the
reminders page makes them. --rotate makes a new pair (for a key that may have
leaked); every device then has to be added again on the reminders page.
"""

from django.core.management.base import BaseCommand

from diary.models import VapidKeys
from diary.push import rotate_vapid_keys, vapid_keys


class Command(BaseCommand):
    help = "Make the VAPID keys for web push if missing (or replace them); print the public key."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Replace the keys. Every device must be added again for reminders.",
        )

    def handle(self, *args, rotate=False, **options):
        if rotate:
            keys, removed = rotate_vapid_keys()
            self.stdout.write(self.style.SUCCESS("Made new VAPID keys."))
            self.stdout.write(
                f"{removed} device(s) were removed: every device must subscribe again "
                '("Remind me on this device" on the reminders page).'
            )
        elif VapidKeys.objects.exists():
            keys = vapid_keys()
            self.stdout.write("VAPID keys already exist; nothing changed.")
        else:
            keys = vapid_keys()
            self.stdout.write(self.style.SUCCESS("Made VAPID keys."))
        self.stdout.write(f"Public key: {keys.public_key}")
