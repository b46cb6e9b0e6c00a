"""`seed_clinic`: a clinician and many demo patients who share their diaries with them.

For looking at the clinician's side with a full list, and for the benchmark.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from diary.care import sharing
from diary.demo.builder import MAX_DAYS, MAX_DENSITY, build_diary
from diary.demo.patient import DemoError, delete_diary, has_diary

# Names for the clinic's demo patients, so the clinician's list reads like a list
# of people; the numbered usernames keep them apart.
DEMO_FIRST_NAMES = (
    "Alex", "Bea", "Chidi", "Dana", "Elif", "Farah", "Gwen", "Hana", "Ines", "Jonas",
    "Kofi", "Lena", "Mira", "Noor", "Omar", "Priya", "Rosa", "Sami", "Tess", "Yara",
)  # fmt: skip
DEMO_LAST_NAMES = (
    "Abbott", "Bauer", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor",
    "Petrov", "Quinn", "Rossi", "Silva", "Tanaka",
)  # fmt: skip
MAX_CLINIC_PATIENTS = 1000
# About one demo patient in ten stopped logging a week or more ago, so the
# clinician's "quiet" flag has someone to show.
QUIET_SHARE = 0.1


def demo_patient_username(clinician_username, number):
    return f"{clinician_username}-patient-{number:03d}"


@dataclass
class ClinicResult:
    clinician: object
    created_clinician: bool
    # Demo patients whose diary was made (or rebuilt) now, and those left as they were.
    built: int = 0
    kept: int = 0
    # Rows made across all the diaries built now, by kind.
    counts: dict = field(default_factory=dict)


def seed_clinic(
    clinician_username,
    patients,
    days,
    *,
    password=None,
    seed=1,
    density=1.0,
    replace=False,
    share_from=(),
    now=None,
):
    """Give a clinician `patients` demo patients who share their diaries with them.

    The clinician is created (with `password`) if missing, and made staff in the
    Clinicians group either way. Patient number i is `<clinician>-patient-00i`,
    with no usable password (nobody logs in as them), a diary of `days` days built
    from seed `seed` and i, at a density that varies around `density`, and an
    open share to the clinician. Like `seed_demo`, running it again keeps the
    diaries already there unless `replace` is true. `share_from` are other users
    (say, the `--username` patient) who share with the clinician too.

    Each patient's diary is its own transaction, so an interrupted run keeps what
    it made and the next run carries on.
    """
    if not 0 <= patients <= MAX_CLINIC_PATIENTS:
        raise DemoError(f"patients must be from 0 to {MAX_CLINIC_PATIENTS}")
    if not 1 <= days <= MAX_DAYS:
        raise DemoError(f"days must be from 1 to {MAX_DAYS}")
    now = now or timezone.now()
    user_model = get_user_model()
    with transaction.atomic():
        clinician = user_model.objects.filter(username=clinician_username).first()
        created = clinician is None
        if created:
            if not password:
                raise DemoError(
                    f"There is no user {clinician_username!r} yet; give a password to create it."
                )
            clinician = user_model(username=clinician_username, time_zone=settings.TIME_ZONE)
            clinician.set_password(password)
        clinician.is_staff = True
        clinician.is_active = True
        clinician.save()
        clinician.groups.add(Group.objects.get(name=sharing.CLINICIANS_GROUP))
        for patient in share_from:
            sharing.grant(patient, clinician)

    result = ClinicResult(clinician, created_clinician=created, counts=Counter())
    for number in range(1, patients + 1):
        rng = random.Random(f"{seed}-{number}")
        with transaction.atomic():
            patient, made = user_model.objects.get_or_create(
                username=demo_patient_username(clinician_username, number),
                defaults={
                    "first_name": rng.choice(DEMO_FIRST_NAMES),
                    "last_name": rng.choice(DEMO_LAST_NAMES),
                    "time_zone": settings.TIME_ZONE,
                    "password": make_password(None),
                },
            )
            if patient.pk == clinician.pk:
                raise DemoError(f"{clinician_username!r} cannot be one of their own patients.")
            if not made and not replace and has_diary(patient):
                result.kept += 1
            else:
                delete_diary(patient)
                last_logged = now
                if rng.random() < QUIET_SHARE:
                    last_logged = now - timedelta(days=rng.randint(8, 20))
                patient_density = min(MAX_DENSITY, density * rng.uniform(0.5, 1.5))
                counts = build_diary(patient, days, rng, patient_density, now=last_logged)
                result.counts.update(counts)
                result.built += 1
            sharing.grant(patient, clinician)
    result.counts = dict(result.counts)
    return result
