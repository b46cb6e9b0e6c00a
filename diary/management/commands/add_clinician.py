"""Make a clinician account, or make an existing account a clinician's.

    python manage.py add_clinician dr_lee --email lee@clinic.example --first-name Ana
    python manage.py add_clinician dr_lee --remove

A clinician is a staff user in the Clinicians group: they can log into /admin/ and
read, never change, the diaries patients share with them. A new account gets the
password typed at the prompt, or none with --no-password (they then use "Forgot
your password?" on the log-in page, which needs e-mail set up).
"""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from diary.care.sharing import CLINICIANS_GROUP


class Command(BaseCommand):
    help = "Create a clinician (staff, in the Clinicians group), or promote or demote a user."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Do not ask for a password for a new account (it cannot log in until reset).",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Take the user out of the Clinicians group and off the staff.",
        )

    def handle(self, *args, username, email, first_name, last_name, no_password, remove, **kw):
        try:
            group = Group.objects.get(name=CLINICIANS_GROUP)
        except Group.DoesNotExist as error:
            raise CommandError("There is no Clinicians group: run `manage.py migrate`.") from error
        users = get_user_model().objects
        user = users.filter(username=username).first()

        if remove:
            if user is None:
                raise CommandError(f"There is no user called {username!r}.")
            self.remove(user, group)
            return

        with transaction.atomic():
            if user is None:
                user = users.create_user(username=username, email=email)
                self.set_password(user, no_password)
                created = True
            else:
                created = False
                if email:
                    user.email = email
            user.first_name = first_name or user.first_name
            user.last_name = last_name or user.last_name
            user.is_staff = True
            user.is_active = True
            user.save()
            user.groups.add(group)

        what = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{what} {username}: a clinician, who can log in at /admin/.")
        )

    def set_password(self, user, no_password):
        if no_password:
            user.set_unusable_password()
            self.stdout.write("No password set: they can use 'Forgot your password?' to set one.")
            return
        if not sys.stdin.isatty():
            raise CommandError("Give --no-password when not typing at a terminal.")
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords did not match. Try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            user.set_password(password)
            return

    def remove(self, user, group):
        user.groups.remove(group)
        if not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.username} is no longer a clinician and sees no shared diaries."
            )
        )
