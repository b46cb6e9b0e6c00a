"""The figures of the clinician's patients list, one row per patient, all in SQL.

`with_overview` adds correlated subqueries to a queryset of patients, so the list
costs the same few queries for three patients or three hundred, and the admin
can sort and filter by every column.
"""

import datetime as dt
from datetime import timedelta

from django.db.models import (
    Avg,
    CharField,
    Count,
    DateTimeField,
    FloatField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils import timezone

from diary.models import CheckIn, Spasm
from diary.sharing import ENTRY_MODELS, count_for_owner, with_flags, with_last_review

# Stands in for "never" inside GREATEST(), which SQLite turns NULL if any part is NULL.
LONG_AGO = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def last_logged_at():
    """When the patient last wrote anything in their diary (any kind of entry)."""
    latest = [
        Coalesce(
            Subquery(
                model.objects.filter(owner=OuterRef("pk"))
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            Value(LONG_AGO),
            output_field=DateTimeField(),
        )
        for model in ENTRY_MODELS
    ]
    return NullIf(Greatest(*latest), Value(LONG_AGO), output_field=DateTimeField())


def mean_intensity_since(since):
    averaged = (
        Spasm.objects.filter(owner=OuterRef("pk"), started_at__gte=since)
        .order_by()
        .values("owner")
        .annotate(mean=Avg("intensity"))
        .values("mean")
    )
    return Subquery(averaged, output_field=FloatField())


def top_trigger_since(since):
    """The trigger named most often on spasms since then (ties: catalogue order)."""
    tagged = Spasm.triggers.through.objects.filter(
        spasm__owner=OuterRef("pk"), spasm__started_at__gte=since
    )
    ranked = (
        tagged.values("trigger__name", "trigger__order")
        .annotate(times=Count("pk"))
        .order_by("-times", "trigger__order", "trigger__name")
        .values("trigger__name")[:1]
    )
    return Subquery(ranked, output_field=CharField())


def with_overview(queryset, clinician, now=None):
    """Annotate patients with the patients-list columns, the flags and the last review."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last_30_days = now - timedelta(days=30)
    queryset = queryset.annotate(
        last_entry_at=last_logged_at(),
        spasms_7d=count_for_owner(Spasm.objects.filter(started_at__gte=now - timedelta(days=7))),
        spasms_30d=count_for_owner(Spasm.objects.filter(started_at__gte=last_30_days)),
        mean_intensity_30d=mean_intensity_since(last_30_days),
        top_trigger=top_trigger_since(last_30_days),
        check_in_days_30d=count_for_owner(
            CheckIn.objects.filter(local_date__gt=today - timedelta(days=30))
        ),
    )
    return with_last_review(with_flags(queryset, now=now), clinician)
