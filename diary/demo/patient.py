"""`seed_demo`: one account with a demo diary, made if missing, kept if already there."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from diary.demo.builder import build_diary
from diary.models import (
    CheckIn,
    Dose,
    Medication,
    Spasm,
    SpasmTimer,
    SymptomCheck,
    TechniqueSession,
)


class DemoError(Exception):
    pass


def has_diary(user):
    """True when the user has logged anything at all."""
    return any(
        model.objects.filter(owner=user).exists()
        for model in (Spasm, Dose, TechniqueSession, CheckIn, SymptomCheck)
    )


def delete_diary(user):
    """Delete every diary row of this user (entries, medicine list, running timer)."""
    with transaction.atomic():
        for model in (Spasm, Dose, TechniqueSession, CheckIn, SymptomCheck, Medication, SpasmTimer):
            model.objects.filter(owner=user).delete()


@dataclass
class SeedResult:
    user: object
    created_user: bool
    # How many rows were made, or None when a diary was already there.
    counts: dict | None
    replaced: bool = False
    first_day: date | None = None
    last_day: date | None = None


def seed_demo(username, password, days, *, seed=1, density=1.0, replace=False, now=None):
    """Give `username` a demo diary, creating the account if it does not exist.

    An existing diary is kept unless `replace` is true: running `make demo` twice
    must not double it. A new account's time zone is the site's; an existing
    account keeps its own, and its password is left alone.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        created = user is None
        replaced = False
        if created:
            if not password:
                raise DemoError(f"There is no user {username!r} yet; give a password to create it.")
            user = user_model(username=username, time_zone=settings.TIME_ZONE)
            user.set_password(password)
            user.save()
        elif replace:
            replaced = has_diary(user)
            delete_diary(user)
        elif has_diary(user):
            return SeedResult(user, created_user=False, counts=None)
        now = now or timezone.now()
        counts = build_diary(user, days, random.Random(seed), density=density, now=now)
    last_day = timezone.localtime(now, user.zone).date()
    return SeedResult(
        user,
        created_user=created,
        counts=counts,
        replaced=replaced,
        first_day=last_day - timedelta(days=days - 1),
        last_day=last_day,
    )
