"""The figures of the clinician's patients list, one row per patient, all in SQL.

`with_overview` adds correlated subqueries to a queryset of patients, so the list
costs the same few queries for three patients or three hundred, and the admin can
sort and filter by every column. Every window is counted in the patient's own
days (`local_date`, up to the patient's today in their time zone), as their
insights and the clinician's summary count them, so the list and the summary read
the same numbers; `tests/clinician/test_one_truth.py` proves they agree.

The flags are here too: `with_flags` annotates the three flags a clinician filters
by, with the thresholds of `diary.clinical`.
"""

import datetime as dt
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import LessThanOrEqual

from diary import clinical
from diary.care.sharing import with_last_review
from diary.insights.start import across_entry_kinds, first_entry_day
from diary.models import ENTRY_MODELS, CheckIn, Spasm

# Stands in for "never" inside GREATEST(), which SQLite turns NULL if any part is NULL.
LONG_AGO = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LIST_DAYS = 30  # the "30 days" columns
WEEK_DAYS = 7  # the "7 days" column


def patient_day(todays, days_back=0):
    """An SQL expression: the outer patient's today (in their own zone) minus `days_back` days.

    `todays` maps each time zone name among the patients to its today.
    """
    whens = [
        When(time_zone=name, then=Value(today - timedelta(days_back)))
        for name, today in todays.items()
    ]
    fallback = todays[None] - timedelta(days_back)
    return Case(*whens, default=Value(fallback), output_field=DateField())


def todays_by_zone(queryset, now):
    """diary.clinical.patient_today for every time zone among these patients (one query)."""
    names = set(queryset.order_by().values_list("time_zone", flat=True).distinct())
    return {
        name: clinical.patient_today(get_user_model()(time_zone=name), now)
        for name in names | {None}
    }


def with_days(queryset, now):
    """Annotate each patient's days: today, the first days of the windows, the diary's start."""
    todays = todays_by_zone(queryset, now)
    return queryset.annotate(
        patient_today=patient_day(todays),
        first_of_week=patient_day(todays, WEEK_DAYS - 1),
        first_of_30_days=patient_day(todays, LIST_DAYS - 1),
        first_of_baseline=patient_day(todays, clinical.RECENT_DAYS + clinical.BASELINE_DAYS - 1),
        first_of_severe_window=patient_day(todays, clinical.SEVERE_RUN_WINDOW_DAYS - 1),
        diary_started_on=first_entry_day(),
    )


def count_for_owner(queryset):
    """A correlated COUNT(*) of `queryset` rows owned by the outer patient, 0 if none."""
    counted = (
        queryset.filter(owner=OuterRef("pk")).order_by().values("owner").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")), 0)


def own_days(model, first_ref, last_ref="patient_today"):
    """The outer patient's rows of `model` from the day in `first_ref` to `last_ref`."""
    return model.objects.filter(
        owner=OuterRef("pk"),
        local_date__gte=OuterRef(first_ref),
        local_date__lte=OuterRef(last_ref),
    )


def last_logged_at():
    """When the patient last wrote anything in their diary (any kind of entry)."""
    return across_entry_kinds(Greatest, "created_at", "-created_at", LONG_AGO, DateTimeField())


def mean_intensity_of(spasms):
    averaged = spasms.order_by().values("owner").annotate(mean=Avg("intensity")).values("mean")
    return Subquery(averaged, output_field=FloatField())


def top_trigger_of(first_ref, field="name"):
    """The trigger named most often on the window's spasms (ties: catalogue order):
    its `field` (name, or slug to show a shipped trigger in the reader's language)."""
    tagged = Spasm.triggers.through.objects.filter(
        spasm__owner=OuterRef("pk"),
        spasm__local_date__gte=OuterRef(first_ref),
        spasm__local_date__lte=OuterRef("patient_today"),
    )
    ranked = (
        tagged.values("trigger__name", "trigger__order")
        .annotate(times=Count("pk"))
        .order_by("-times", "trigger__order", "trigger__name")
        .values(f"trigger__{field}")[:1]
    )
    return Subquery(ranked, output_field=CharField())


FLAG_FIELDS = ("flag_severe_run", "flag_rising", "flag_quiet")
FLAGS_CACHE_SECONDS = 120  # a row is read for one minute only


def flags_of(patient, version) -> dict:
    """One patient's flags (`with_flags`) and the day their diary began, at this
    minute: what the clinician's summary reads on every view, reused while the diary
    (its `version`, diary_version.version_of) and the minute are unchanged."""
    minute = clinical.this_minute()
    key = f"flags:{patient.pk}:{version}:{minute.isoformat()}"
    row = cache.get(key)
    if row is None:
        one = get_user_model().objects.filter(pk=patient.pk)
        row = with_flags(one, now=minute).values(*FLAG_FIELDS, "diary_started_on").first()
        cache.set(key, row, FLAGS_CACHE_SECONDS)
    return row


def with_flags(queryset, now=None):
    """Annotate each patient with three flags, all computed in SQL, in their own days.

    - `flag_severe_run`: a severe spasm (diary.clinical.SEVERE and up) on three of
      their days running, the run starting within the last 30 days;
    - `flag_rising`: spasms a day in the last 7 days at least double the rate of the
      4 weeks before (and at least 3 spasms); a diary younger than those 5 weeks has
      no baseline, so it is never "rising";
    - `flag_quiet`: nothing logged for 7 days.
    """
    now = now or clinical.this_minute()
    queryset = with_days(queryset, now)
    severe = Spasm.objects.filter(intensity__gte=clinical.SEVERE)

    def severe_days_later(days):
        later = ExpressionWrapper(
            OuterRef("local_date") + timedelta(days=days), output_field=DateField()
        )
        return severe.filter(owner=OuterRef("owner"), local_date=later)

    runs = severe.filter(
        owner=OuterRef("pk"),
        local_date__gte=OuterRef("first_of_severe_window"),
        local_date__lte=OuterRef("patient_today"),
    )
    for days in range(1, clinical.SEVERE_RUN_DAYS):
        runs = runs.filter(Exists(severe_days_later(days)))

    quiet_since = now - timedelta(days=clinical.QUIET_DAYS)
    logged_lately = Q()
    for model in ENTRY_MODELS:
        logged_lately |= Q(
            Exists(model.objects.filter(owner=OuterRef("pk"), created_at__gte=quiet_since))
        )
    recent = own_days(Spasm, "first_of_week")
    baseline = Spasm.objects.filter(
        owner=OuterRef("pk"),
        local_date__gte=OuterRef("first_of_baseline"),
        local_date__lt=OuterRef("first_of_week"),
    )
    return queryset.annotate(
        flag_severe_run=Exists(runs),
        spasms_recent=count_for_owner(recent),
        spasms_baseline=count_for_owner(baseline),
        # Per day, recent / 7 >= 2 * baseline / 28, kept in whole numbers.
        flag_rising=ExpressionWrapper(
            Q(spasms_recent__gte=clinical.MIN_SPASMS_FOR_RISE)
            & Q(diary_started_on__lte=F("first_of_baseline"))
            & Q(
                LessThanOrEqual(
                    F("spasms_baseline") * 2 * clinical.RECENT_DAYS,
                    F("spasms_recent") * clinical.BASELINE_DAYS,
                )
            ),
            output_field=BooleanField(),
        ),
        flag_quiet=ExpressionWrapper(~logged_lately, output_field=BooleanField()),
    )


def with_overview(queryset, clinician, now=None):
    """Annotate patients with the patients-list columns, the flags and the last review."""
    queryset = with_flags(queryset, now=now)
    last_30_days = own_days(Spasm, "first_of_30_days")
    queryset = queryset.annotate(
        last_entry_at=last_logged_at(),
        spasms_7d=count_for_owner(own_days(Spasm, "first_of_week")),
        spasms_30d=count_for_owner(last_30_days),
        mean_intensity_30d=mean_intensity_of(last_30_days),
        top_trigger=top_trigger_of("first_of_30_days"),
        check_in_days_30d=count_for_owner(own_days(CheckIn, "first_of_30_days")),
    )
    return with_last_review(queryset, clinician)
