from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.shortcuts import resolve_url

from diary.demo import (
    MAX_CLINIC_PATIENTS,
    MAX_DAYS,
    MAX_DENSITY,
    DemoError,
    demo_patient_username,
    seed_clinic,
    seed_demo,
)


class Command(BaseCommand):
    help = (
        "Fill one patient's diary with N days of realistic entries ending today, creating "
        "the account if needed. An existing diary is kept unless --replace is given. "
        "With --clinician NAME --patients N, also make a clinician with N demo patients "
        "who share with them (and the --username patient shares too)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="Whose diary to fill.")
        parser.add_argument(
            "--password",
            help="The password of a new account, patient or clinician (an existing one "
            "keeps its own).",
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
        parser.add_argument(
            "--clinician",
            metavar="NAME",
            help="A clinician (made if missing) whom the demo patients share with.",
        )
        parser.add_argument(
            "--patients",
            type=int,
            default=0,
            metavar="N",
            help="How many demo patients (NAME-patient-001 ...) share with the clinician, "
            "each with --days days of entries.",
        )

    def handle(self, *args, **options):
        days, density = options["days"], options["density"]
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be a whole number from 1 to {MAX_DAYS}.")
        if not 0 < density <= MAX_DENSITY:
            raise CommandError(f"--density must be more than 0 and at most {MAX_DENSITY:g}.")
        clinician, patients = options["clinician"], options["patients"]
        if not options["username"] and not clinician:
            raise CommandError("Give --username, --clinician, or both.")
        if patients and not clinician:
            raise CommandError("--patients needs --clinician: whom do they share with?")
        if not 0 <= patients <= MAX_CLINIC_PATIENTS:
            raise CommandError(
                f"--patients must be a whole number from 0 to {MAX_CLINIC_PATIENTS}."
            )
        patient = self.seed_patient(options) if options["username"] else None
        if clinician:
            self.seed_clinic(options, share_from=[patient] if patient else [])

    def seed_patient(self, options):
        days, density = options["days"], options["density"]
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
            return result.user
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
        return result.user

    def seed_clinic(self, options, share_from):
        name, patients, days = options["clinician"], options["patients"], options["days"]
        try:
            result = seed_clinic(
                name,
                patients,
                days,
                password=options["password"],
                seed=options["seed"],
                density=options["density"],
                replace=options["replace"],
                share_from=share_from,
            )
        except DemoError as error:
            raise CommandError(str(error)) from error

        account = "new account" if result.created_clinician else "existing account"
        sharers = [user.get_username() for user in share_from]
        if patients:
            last = demo_patient_username(name, patients)
            sharers.insert(
                0, f"{patients} demo patients ({demo_patient_username(name, 1)} to {last})"
            )
        self.stdout.write(self.style.SUCCESS(f"Made {name} a clinician ({account})."))
        if sharers:
            self.stdout.write(f"  Sharing with them: {', '.join(sharers)}")
        if result.built:
            counts = result.counts
            self.stdout.write(
                f"  {result.built} demo diaries of {days} days made: {counts['spasms']} spasms, "
                f"{counts['doses']} doses, {counts['technique_sessions']} technique sessions, "
                f"{counts['check_ins']} daily check-ins"
            )
        if result.kept:
            self.stdout.write(
                f"  {result.kept} demo diaries already existed and were kept "
                "(use --replace to rebuild them)."
            )
        password = "the password you gave" if result.created_clinician else "its existing password"
        self.stdout.write(f"The clinician logs in at /admin/ as {name} with {password}.")
