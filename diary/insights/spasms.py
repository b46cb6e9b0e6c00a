"""Figures about the spasms themselves: how many, how bad, when, and where.

Each function takes the patient and a Period and returns plain data; the counting
happens in SQL (one query per figure), so the cost does not grow with the diary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, Max, Q
from django.db.models.functions import ExtractHour
from django.utils.translation import gettext_lazy as _

from diary.charts import share_bar
from diary.clinical import (
    MEANINGFUL_CHANGE,
    MIN_SPASMS_FOR_PATTERN,
    Period,
    intensity_band,
)
from diary.insights.days import Day, mark_unusual, spasm_days, unusual_days
from diary.models import BodyArea, Spasm
from diary.shipped_names import shown_name_of

ROLLING_DAYS = 7
NOTES_LIMIT = 50

HOUR_BLOCKS = (
    (0, _("midnight to 4 am"), "0–4"),
    (4, _("4 am to 8 am"), "4–8"),
    (8, _("8 am to noon"), "8–12"),
    (12, _("noon to 4 pm"), "12–16"),
    (16, _("4 pm to 8 pm"), "16–20"),
    (20, _("8 pm to midnight"), "20–24"),
)
WEEKDAYS = (
    (1, _("Monday"), _("Mon")),
    (2, _("Tuesday"), _("Tue")),
    (3, _("Wednesday"), _("Wed")),
    (4, _("Thursday"), _("Thu")),
    (5, _("Friday"), _("Fri")),
    (6, _("Saturday"), _("Sat")),
    (7, _("Sunday"), _("Sun")),
)


def _spasms(user, period: Period):
    # order_by() drops the model's default ordering, which has no place in a GROUP BY.
    return Spasm.objects.owned_by(user).between(period.first, period.last).order_by()


def _ratio(numerator, denominator, digits=1):
    if not denominator:
        return None
    return round(numerator / denominator, digits)


# --- summary ---------------------------------------------------------------------


@dataclass
class Summary:
    """The period's totals, and the same totals for the period just before it.

    ``previous_spasms`` is None when the diary did not exist before the period:
    "no entries yet", never 0.
    """

    period: Period
    spasms: int
    days_with_spasms: int
    mean_intensity: float | None
    worst_intensity: int | None
    previous_spasms: int | None
    previous_mean_intensity: float | None
    previous_period: Period | None = None

    @property
    def enough(self) -> bool:
        return self.spasms > 0

    @property
    def per_day(self) -> float | None:
        return self.period.per_day(self.spasms)

    @property
    def mean_band(self) -> str:
        return intensity_band(self.mean_intensity)

    @property
    def spasm_free_days(self) -> int:
        return self.period.days - self.days_with_spasms

    @property
    def has_previous(self) -> bool:
        return self.previous_spasms is not None

    @property
    def previous_per_day(self) -> float | None:
        if self.previous_period is None:
            return None
        return self.previous_period.per_day(self.previous_spasms)

    @property
    def change_percent(self) -> int | None:
        """Spasms a day against the period before, in percent; None when there is nothing
        to compare with. Per day, as the period before may be shorter (cut to the diary's
        start); for two whole periods it is the change in spasms."""
        if not self.previous_spasms or self.period.is_empty:
            return None
        now = self.spasms / self.period.days
        before = self.previous_spasms / self.previous_period.days
        return round(100 * (now - before) / before)

    @property
    def change_signed(self) -> str | None:
        """The change as "+40%" or "-25%"."""
        change = self.change_percent
        return None if change is None else f"{change:+d}%"

    @property
    def intensity_change(self) -> float | None:
        if self.mean_intensity is None or self.previous_mean_intensity is None:
            return None
        return round(self.mean_intensity - self.previous_mean_intensity, 1)

    @property
    def intensity_change_size(self) -> float | None:
        change = self.intensity_change
        return None if change is None else abs(change)

    @property
    def intensity_change_is_meaningful(self) -> bool:
        change = self.intensity_change
        return change is not None and abs(change) >= MEANINGFUL_CHANGE


def summary(user, period: Period) -> Summary:
    """Totals for the period, and the same totals for the period just before it."""
    previous = period.previous()
    now = Q(local_date__gte=period.first)
    before = Q(local_date__lt=period.first)
    totals = (
        Spasm.objects.owned_by(user)
        .between(min(previous.first, period.first), period.last)
        .aggregate(
            spasms=Count("id", filter=now),
            days=Count("local_date", filter=now, distinct=True),
            mean=Avg("intensity", filter=now),
            worst=Max("intensity", filter=now),
            previous_spasms=Count("id", filter=before),
            previous_mean=Avg("intensity", filter=before),
        )
    )
    has_previous = not previous.is_empty
    return Summary(
        period=period,
        spasms=totals["spasms"],
        days_with_spasms=totals["days"],
        mean_intensity=_round(totals["mean"]),
        worst_intensity=totals["worst"],
        previous_spasms=totals["previous_spasms"] if has_previous else None,
        previous_mean_intensity=_round(totals["previous_mean"]) if has_previous else None,
        previous_period=previous if has_previous else None,
    )


def _round(value, digits=1):
    return None if value is None else round(float(value), digits)


# --- spasms per day and intensity over time ---------------------------------------


@dataclass
class TrendDay:
    day: date
    spasms: int
    mean_intensity: float | None
    rolling_spasms: float
    rolling_intensity: float | None


@dataclass
class Trend:
    period: Period
    days: list[TrendDay]
    # The same days as diary.insights.days sees them (worst, unusual), for the figures
    # that need them: one query serves both.
    spasm_days: list[Day] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return any(day.spasms for day in self.days)

    @property
    def highest(self) -> float:
        return max((max(d.spasms, d.rolling_spasms) for d in self.days), default=0)

    @property
    def unusual_days(self) -> list[Day]:
        return unusual_days(self.spasm_days)


def daily_trend(user, period: Period) -> Trend:
    """Spasms and mean intensity for each day, with a 7-day rolling average.

    The rolling window reaches back before the period's first day, so the line
    is a true 7-day average from the start of the chart, but never before the
    diary's start: in the diary's first week it averages the days there were.
    """
    reach = Period.between(
        period.first - timedelta(days=ROLLING_DAYS - 1), period.last, period.diary_start
    )
    reached = spasm_days(user, reach)
    window_counts, window_totals = [], []
    days = []
    for day in reached:
        total = day.mean_intensity * day.spasms if day.spasms else 0
        window_counts = [*window_counts[-(ROLLING_DAYS - 1) :], day.spasms]
        window_totals = [*window_totals[-(ROLLING_DAYS - 1) :], total]
        if day.day < period.first:
            continue
        in_window = sum(window_counts)
        days.append(
            TrendDay(
                day=day.day,
                spasms=day.spasms,
                mean_intensity=_round(day.mean_intensity),
                rolling_spasms=round(in_window / len(window_counts), 2),
                rolling_intensity=_round(sum(window_totals) / in_window) if in_window else None,
            )
        )
    # Unusual is judged against the period's own days, not the days reached before it.
    in_period = mark_unusual([day for day in reached if day.day >= period.first])
    return Trend(period=period, days=days, spasm_days=in_period)


# --- time of day and day of week -----------------------------------------------------


@dataclass
class Slice:
    key: int
    label: str
    short_label: str
    spasms: int
    share: float | None = None  # of all spasms in the figure, 0..1
    per_day: float | None = None  # for weekdays: spasms per such day in the period


@dataclass
class Pattern:
    slices: list[Slice]
    total: int

    @property
    def enough(self) -> bool:
        return self.total >= MIN_SPASMS_FOR_PATTERN

    @property
    def busiest(self) -> Slice | None:
        if not self.total:
            return None
        return max(self.slices, key=lambda s: s.spasms)

    @property
    def highest(self) -> int:
        return max((s.spasms for s in self.slices), default=0)


def time_of_day(user, period: Period) -> Pattern:
    """Spasms in each 4-hour block of the patient's own clock.

    The hour is taken from the start time converted to the patient's zone in
    SQL, so daylight saving time and travel are handled by the database.
    """
    rows = (
        _spasms(user, period)
        .annotate(hour=ExtractHour("started_at", tzinfo=user.zone))
        .values("hour")
        .annotate(count=Count("id"))
        .values_list("hour", "count")
    )
    per_block = dict.fromkeys((start for start, _label, _short in HOUR_BLOCKS), 0)
    for hour, count in rows:
        per_block[hour - hour % 4] += count
    total = sum(per_block.values())
    slices = [
        Slice(start, label, short, per_block[start], share=_ratio(per_block[start], total, 3))
        for start, label, short in HOUR_BLOCKS
    ]
    return Pattern(slices=slices, total=total)


def day_of_week(user, period: Period, trend_days=None) -> Pattern:
    """Spasms on each day of the week (of the patient's diary days), and per such day.

    `trend_days` (the period's `Trend.days`, when the caller has them) saves the query."""
    # Counted per diary day in SQL (read from the (owner, day) index) and added up
    # by weekday here: SQLite would otherwise call a Python date function per spasm.
    if trend_days is not None:
        rows = [(day.day, day.spasms) for day in trend_days]
    else:
        rows = (
            _spasms(user, period)
            .values("local_date")
            .annotate(count=Count("id"))
            .values_list("local_date", "count")
        )
    counts = Counter()
    for day, count in rows:
        counts[day.isoweekday()] += count
    total = sum(counts.values())
    how_many = period.weekday_counts()
    slices = [
        Slice(
            number,
            label,
            short,
            counts.get(number, 0),
            share=_ratio(counts.get(number, 0), total, 3),
            per_day=_ratio(counts.get(number, 0), how_many[number]),
        )
        for number, label, short in WEEKDAYS
    ]
    return Pattern(slices=slices, total=total)


# --- where, and what set them off ------------------------------------------------------


@dataclass
class Ranked:
    slug: str
    name: str
    spasms: int
    share: float  # of the period's spasms, 0..1
    mean_intensity: float | None = None
    learn_slug: str = ""
    is_acr_area: bool = False  # body areas only: one of the 19 areas of the ACR 2016 index
    kind: str = ""  # the catalogue's model name (bodyarea, trigger), for `shown_name`

    @property
    def shown_name(self) -> str:
        """The name in the reader's language for a shipped item, else as typed."""
        return shown_name_of(self.kind, self.slug, self.name)

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def bar(self) -> str:
        """Length of the row's bar in a 0-100 box."""
        return share_bar(self.share)


@dataclass
class Ranking:
    rows: list[Ranked]
    total_spasms: int

    @property
    def enough(self) -> bool:
        return bool(self.rows)

    def counts(self) -> dict[str, int]:
        return {row.slug: row.spasms for row in self.rows}


RANKED_KINDS = {"body_areas": "bodyarea", "triggers": "trigger"}


def _ranked(user, period: Period, relation: str, total: int, *more: str) -> list[Ranked]:
    """Rows of `relation` by spasms; `more` names further fields of it to carry on each row."""
    fields = ("slug", "name", "learn_slug", *more)
    # Read from the link table, for the period's spasms looked up first (`__among`:
    # PostgreSQL would otherwise misjudge one heavy diary and hash the whole table).
    field = getattr(Spasm, relation).field
    target = field.m2m_reverse_field_name()
    rows = (
        field.remote_field.through.objects.filter(
            **{f"{field.m2m_field_name()}__among": _spasms(user, period).values("id")}
        )
        .values(*(f"{target}__{name}" for name in fields))
        .annotate(count=Count("id"), mean=Avg(f"{field.m2m_field_name()}__intensity"))
        .order_by("-count", f"{target}__order", f"{target}__name")
    )
    return [
        Ranked(
            **{name: row[f"{target}__{name}"] for name in fields},
            spasms=row["count"],
            share=_ratio(row["count"], total, 3) or 0,
            mean_intensity=_round(row["mean"]),
            kind=RANKED_KINDS[relation],
        )
        for row in rows
    ]


def body_areas(user, period: Period, total_spasms: int | None = None) -> Ranking:
    """Body areas by the number of spasms felt there (a spasm may name several)."""
    if total_spasms is None:
        total_spasms = _spasms(user, period).count()
    return Ranking(_ranked(user, period, "body_areas", total_spasms, "is_acr_area"), total_spasms)


def triggers(user, period: Period, total_spasms: int | None = None) -> Ranking:
    """Triggers by the number of spasms they were named for, with those spasms' intensity."""
    if total_spasms is None:
        total_spasms = _spasms(user, period).count()
    return Ranking(_ranked(user, period, "triggers", total_spasms), total_spasms)


def body_map_areas():
    """Every body area of the catalogue, in map order (one query)."""
    return list(BodyArea.objects.only("slug", "name").order_by("order", "name"))


# --- notes to discuss ---------------------------------------------------------------------


@dataclass
class Notes:
    items: list[dict] = field(default_factory=list)
    more: bool = False

    @property
    def enough(self) -> bool:
        return bool(self.items)


def notes_to_discuss(user, period: Period, limit: int = NOTES_LIMIT) -> Notes:
    """The latest ``limit`` notes written on spasms in the period, shown oldest first."""
    rows = list(
        _spasms(user, period)
        .exclude(note="")
        .order_by("-started_at")
        .values("started_at", "local_date", "intensity", "note")[: limit + 1]
    )
    more = len(rows) > limit
    return Notes(items=rows[:limit][::-1], more=more)
