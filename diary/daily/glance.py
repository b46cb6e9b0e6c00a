"""The dashboard's figures: today at a glance, the last days in a strip, and
which guide page is worth a read now. Each is a plain function of a patient and
their "today", a fixed small number of queries whatever the diary's size."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from diary.clinical import Period, patient_today
from diary.daily.entry_form_base import is_ambiguous
from diary.daily.usage import top_trigger
from diary.insights.days import spasm_days
from diary.insights.start import diary_start
from diary.models import CheckIn, Dose, Spasm, TechniqueSession, Trigger
from education.models import Page

STRIP_DAYS = 7
SUGGESTION_WINDOW_DAYS = 14


@dataclass
class LastNight:
    day: date
    spasm_count: int
    worst_intensity: int | None


@dataclass
class Glance:
    spasm_count: int
    worst_intensity: int | None
    doses: list
    last_check_in: CheckIn | None
    checked_in_today: bool
    last_night: LastNight | None = None


def spasm_figures_by_day(user, days) -> dict[date, dict]:
    """How many spasms each diary day holds and the worst of them, in one query:
    {day: {"count", "worst"}}, with a count of 0 for a day without spasms."""
    rows = (
        Spasm.objects.owned_by(user)
        .filter(local_date__in=days)
        .values("local_date")
        .annotate(count=Count("id"), worst=Max("intensity"))
        .order_by()
    )
    found = {row["local_date"]: row for row in rows}
    return {day: found.get(day, {"count": 0, "worst": None}) for day in days}


def glance(user, today, now=None) -> Glance:
    """Today's figures; when `today` is the patient's today and it is between
    midnight and 4 am, also last night's (yesterday's diary day).

    In those hours a quick log goes to last night unless the patient says otherwise,
    so today's figures alone would read as nothing logged. Both days are counted in
    the same query at any hour, so the page costs the same day and night."""
    now = now or timezone.now()
    yesterday = today - timedelta(days=1)
    figures = spasm_figures_by_day(user, (today, yesterday))
    doses = (
        Dose.objects.owned_by(user)
        .filter(local_date=today)
        .select_related("medication")
        # Sorted by an expression, not the bare column: SQLite (no statistics) would
        # otherwise walk the (owner, time) index through every dose the patient ever
        # took, 4 ms on ten years, instead of reading today's from (owner, day).
        .order_by(Coalesce("taken_at", "created_at").desc())
    )
    last_check_in = CheckIn.objects.owned_by(user).order_by("-local_date").first()
    after_midnight = is_ambiguous(now, user.zone) and today == patient_today(user, now)
    return Glance(
        spasm_count=figures[today]["count"],
        worst_intensity=figures[today]["worst"],
        doses=list(doses[:20]),
        last_check_in=last_check_in,
        checked_in_today=last_check_in is not None and last_check_in.local_date == today,
        last_night=(
            LastNight(yesterday, figures[yesterday]["count"], figures[yesterday]["worst"])
            if after_midnight
            else None
        ),
    )


@dataclass
class StripDay:
    day: date
    spasm_count: int
    worst_intensity: int | None
    mean_intensity: float | None

    @property
    def height_percent(self):
        """Bar height, out of a scale where 10 spasms fill the bar."""
        return min(100, self.spasm_count * 10)


def recent_days(user, today, days=STRIP_DAYS) -> list[StripDay]:
    """The last days, each as diary.insights.days counts it, from the diary's start on:
    a diary begun on Tuesday shows no empty days before it."""
    week = Period.ending(today, days, diary_start(user, today))
    return [
        StripDay(day.day, day.spasms, day.worst, day.mean_intensity)
        for day in spasm_days(user, week)
    ]


@dataclass
class Suggestion:
    page: Page
    reason: str  # "trigger", "technique" or "start"
    trigger: Trigger | None = None


def suggested_page(user, today) -> Suggestion | None:
    """The guide page most relevant to the patient's own recent entries.

    Their most frequent recent trigger's page first; if they log spasms but no
    techniques, the overview of what helps; a newcomer gets the basics.
    """
    since = today - timedelta(days=SUGGESTION_WINDOW_DAYS)
    trigger = top_trigger(user, since)
    if trigger is not None and trigger.learn_slug:
        slug, reason = trigger.learn_slug, "trigger"
    elif not TechniqueSession.objects.owned_by(user).filter(local_date__gte=since).exists():
        has_spasms = Spasm.objects.owned_by(user).filter(local_date__gte=since).exists()
        slug, reason = (
            ("managing-spasms", "technique") if has_spasms else ("about-this-guide", "start")
        )
    else:
        slug, reason = "what-are-muscle-spasms", "start"
    page = next((page for page in Page.objects.read_in(get_language()) if page.slug == slug), None)
    if page is None:
        return None
    return Suggestion(page=page, reason=reason, trigger=trigger)
