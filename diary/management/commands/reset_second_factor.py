"""Remove a staff member's authenticator app, for a lost or replaced phone.

They sign in with their password as before and are shown how to add the new app.
A host can do the same in the admin (TOTP devices); this command is for the host
who has lost their own phone and cannot get into the admin."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove a staff member's authenticator app so they can add a new one."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username {username!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            self.stdout.write(
                f"Removed the authenticator app of {username}. At their next sign-in to the "
                "admin they will be shown how to add a new one."
            )
        else:
            self.stdout.write(f"{username} had no authenticator app: nothing to remove.")
