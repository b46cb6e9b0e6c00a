"""How much the instance is used, for its host: counts, never anyone's entries.

The host runs the server, not the diaries (see "Privacy: who can see what" in the
README). These are the figures a host needs to look after it: how many accounts,
and, week by week, how many patients logged anything and how many entries they
made. Each is one SQL aggregate, so the page costs the same few queries on a
diary of ten rows and of ten million, and no row of a diary leaves the database.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q

from diary.care.sharing import CLINICIANS_GROUP
from diary.models import CheckIn, Dose, Spasm, TechniqueSession

WEEKS = 8
# The dated entries, counted on the patient's own calendar day (`local_date`).
ENTRY_MODELS = (Spasm, Dose, TechniqueSession, CheckIn)


@dataclass(frozen=True)
class Week:
    first_day: date  # a Monday
    active_patients: int  # patients with at least one entry that week
    entries: int

    @property
    def last_day(self):
        return self.first_day + timedelta(days=6)


@dataclass(frozen=True)
class InstanceStats:
    accounts: int  # active accounts, staff included
    clinicians: int
    weeks: list  # of Week, this week first


def week_starts(today, weeks=WEEKS):
    """The Mondays of the last `weeks` weeks, this week's first."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks)]


def in_week(first_day):
    return Q(local_date__gte=first_day, local_date__lt=first_day + timedelta(days=7))


def entries_per_week(starts):
    """{Monday: entries of every kind that week}: one aggregate per kind of entry."""
    totals = dict.fromkeys(starts, 0)
    for model in ENTRY_MODELS:
        counts = model.objects.filter(local_date__gte=starts[-1]).aggregate(
            **{f"week_{n}": Count("pk", filter=in_week(first)) for n, first in enumerate(starts)}
        )
        for n, first in enumerate(starts):
            totals[first] += counts[f"week_{n}"]
    return totals


def active_patients_per_week(starts):
    """{Monday: patients with at least one entry that week}: one aggregate."""

    def logged_in_week(first):
        condition = Q()
        for model in ENTRY_MODELS:
            rows = model.objects.filter(in_week(first), owner=OuterRef("pk"))
            condition |= Exists(rows)
        return condition

    counts = get_user_model().objects.aggregate(
        **{f"week_{n}": Count("pk", filter=logged_in_week(first)) for n, first in enumerate(starts)}
    )
    return {first: counts[f"week_{n}"] for n, first in enumerate(starts)}


def instance_stats(today, weeks=WEEKS):
    """The host's figures for the `weeks` weeks up to `today` (the server's day)."""
    starts = week_starts(today, weeks)
    accounts = get_user_model().objects.filter(is_active=True)
    totals = accounts.aggregate(
        accounts=Count("pk", distinct=True),
        clinicians=Count(
            "pk", distinct=True, filter=Q(is_staff=True, groups__name=CLINICIANS_GROUP)
        ),
    )
    entries = entries_per_week(starts)
    active = active_patients_per_week(starts)
    return InstanceStats(
        accounts=totals["accounts"],
        clinicians=totals["clinicians"],
        weeks=[Week(first, active[first], entries[first]) for first in starts],
    )
