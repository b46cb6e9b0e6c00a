from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.shortcuts import resolve_url

from diary.demo import MAX_DAYS, MAX_DENSITY, DemoError, seed_demo


class Command(BaseCommand):
    help = (
        "Fill one patient's diary with N days of realistic entries ending today, creating "
        "the account if needed. An existing diary is kept unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="Whose diary to fill.")
        parser.add_argument(
            "--password", help="The password of a new account (an existing one keeps its own)."
        )
        parser.add_argument("--days", type=int, default=60, help="How many days, up to today.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed makes the same diary."
        )
        parser.add_argument(
            "--density",
            type=float,
            default=1.0,
            help="Multiplies the spasms (about 3 a day at 1); doses and technique "
            "sessions grow with its square root.",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete the user's diary first and rebuild it."
        )

    def handle(self, *args, **options):
        days, density = options["days"], options["density"]
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be a whole number from 1 to {MAX_DAYS}.")
        if not 0 < density <= MAX_DENSITY:
            raise CommandError(f"--density must be more than 0 and at most {MAX_DENSITY:g}.")
        username = options["username"]
        try:
            result = seed_demo(
                username,
                options["password"],
                days,
                seed=options["seed"],
                density=density,
                replace=options["replace"],
            )
        except DemoError as error:
            raise CommandError(str(error)) from error

        if result.counts is None:
            self.stdout.write(
                f"{username}: demo diary already exists; use --replace to rebuild it."
            )
            return
        counts = result.counts
        if result.created_user:
            account = f"new account, time zone {result.user.time_zone}"
        else:
            account = f"existing account, time zone {result.user.time_zone}"
        verb = "Rebuilt" if result.replaced else "Made"
        self.stdout.write(self.style.SUCCESS(f"{verb} a demo diary for {username} ({account}):"))
        self.stdout.write(
            f"  {days} days, {result.first_day} to {result.last_day}\n"
            f"  {counts['spasms']} spasms, {counts['doses']} doses of "
            f"{counts['medications']} medicines, {counts['technique_sessions']} technique "
            f"sessions, {counts['check_ins']} daily check-ins"
        )
        password = "the password you gave" if result.created_user else "its existing password"
        self.stdout.write(
            f"Log in at {resolve_url(settings.LOGIN_URL)} as {username} with {password}."
        )
