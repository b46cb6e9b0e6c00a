"""The figures of the clinician's one-screen summary: QuerySet in, numbers out.

Each function takes a patient's rows (already scoped to the patient and, where it
matters, to the period) and returns plain numbers and dataclasses, in one query,
so the summary costs the same handful of queries for a week of diary or for
years of it. `build_summary` calls them for one patient and one period.

Days are the patient's own calendar days (`local_date`), so a day's totals here
match the patient's own view of their diary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, F, FloatField, Max, Q, Sum
from django.utils.translation import gettext_lazy as _

from diary.clinician import charts
from diary.models import BodyArea, CheckIn, Dose, Spasm, TechniqueSession, Trigger
from diary.sharing import SEVERE_INTENSITY

ACR_AREAS = 19  # the areas of the ACR 2016 Widespread Pain Index
UNUSUAL_MIN_SPASMS = 3  # a "busy" day has at least this many spasms ...
UNUSUAL_TIMES_MEAN = 2  # ... and at least twice the period's mean per day
MEANINGFUL_DROP = 2  # a 2-point change on the 0-10 scale is clinically meaningful
STEADY_WITHIN = 1  # a change of less than 1 point between halves reads as "steady"
NOTES_SHOWN = 30


@dataclass(frozen=True)
class Period:
    """A run of whole days, first and last included."""

    first_day: date
    last_day: date

    @classmethod
    def ending(cls, last_day, days):
        return cls(last_day - timedelta(days=days - 1), last_day)

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1

    def previous(self):
        return Period.ending(self.first_day - timedelta(days=1), self.days)

    def dates(self):
        return [self.first_day + timedelta(days=offset) for offset in range(self.days)]

    def filter(self, queryset):
        return queryset.filter(local_date__gte=self.first_day, local_date__lte=self.last_day)


# Spasms per day ----------------------------------------------------------------


@dataclass
class Day:
    day: date
    spasms: int = 0
    mean_intensity: float | None = None
    worst: int | None = None
    unusual: bool = False


def spasm_days(spasms, period):
    """Every day of the period with its spasms, mean and worst intensity; unusual days marked."""
    rows = (
        period.filter(spasms)
        .order_by()
        .values("local_date")
        .annotate(count=Count("pk"), mean=Avg("intensity", output_field=FloatField()))
        .annotate(worst=Max("intensity"))
    )
    found = {row["local_date"]: row for row in rows}
    days = []
    for day in period.dates():
        row = found.get(day)
        if row is None:
            days.append(Day(day))
        else:
            days.append(Day(day, row["count"], row["mean"], row["worst"]))
    mark_unusual(days)
    return days


def mark_unusual(days):
    """Unusual: a spasm of 8 or more, or a busy day (twice the mean per day, at least 3)."""
    if not days:
        return days
    mean_per_day = sum(day.spasms for day in days) / len(days)
    busy = max(UNUSUAL_MIN_SPASMS, UNUSUAL_TIMES_MEAN * mean_per_day)
    for day in days:
        day.unusual = (day.worst or 0) >= SEVERE_INTENSITY or day.spasms >= busy
    return days


@dataclass
class Week:
    first_day: date
    last_day: date
    spasms: int
    mean_intensity: float | None
    worst: int | None
    unusual_days: int


def by_week(days):
    """The days in runs of seven, ending on the last day (the oldest run may be shorter)."""
    weeks = []
    end = len(days)
    while end > 0:
        chunk = days[max(0, end - 7) : end]
        count = sum(day.spasms for day in chunk)
        total = sum(day.mean_intensity * day.spasms for day in chunk if day.spasms)
        worst = [day.worst for day in chunk if day.worst is not None]
        weeks.append(
            Week(
                first_day=chunk[0].day,
                last_day=chunk[-1].day,
                spasms=count,
                mean_intensity=total / count if count else None,
                worst=max(worst) if worst else None,
                unusual_days=sum(day.unusual for day in chunk),
            )
        )
        end -= 7
    return list(reversed(weeks))


@dataclass
class Totals:
    spasms: int
    mean_intensity: float | None
    days_with_spasms: int
    previous_spasms: int
    previous_mean_intensity: float | None

    @property
    def change_percent(self):
        """Spasms against the period before, in percent; None when there were none before."""
        if not self.previous_spasms:
            return None
        return round(100 * (self.spasms - self.previous_spasms) / self.previous_spasms)

    @property
    def change_signed(self):
        """The change as "+40%" or "-25%"."""
        change = self.change_percent
        return None if change is None else f"{change:+d}%"


def compare_with_previous(spasms, period):
    """Spasms and mean intensity in the period and in the same number of days before it."""
    before = period.previous()
    now, then = Q(local_date__gte=period.first_day), Q(local_date__lt=period.first_day)
    found = spasms.filter(
        local_date__gte=before.first_day, local_date__lte=period.last_day
    ).aggregate(
        spasms=Count("pk", filter=now),
        mean=Avg("intensity", filter=now, output_field=FloatField()),
        days=Count("local_date", filter=now, distinct=True),
        previous=Count("pk", filter=then),
        previous_mean=Avg("intensity", filter=then, output_field=FloatField()),
    )
    return Totals(
        spasms=found["spasms"],
        mean_intensity=found["mean"],
        days_with_spasms=found["days"],
        previous_spasms=found["previous"],
        previous_mean_intensity=found["previous_mean"],
    )


# The calendar -----------------------------------------------------------------


@dataclass
class CalendarCell:
    day: date
    in_period: bool
    spasms: int = 0
    worst: int | None = None
    unusual: bool = False
    checked_in: bool = False


def calendar(days, checked_in_days, period):
    """Weeks from Monday to Sunday covering the period, one cell a day."""
    found = {day.day: day for day in days}
    start = period.first_day - timedelta(days=period.first_day.weekday())
    end = period.last_day + timedelta(days=6 - period.last_day.weekday())
    weeks, week = [], []
    current = start
    while current <= end:
        day = found.get(current)
        cell = CalendarCell(
            current, in_period=day is not None, checked_in=current in checked_in_days
        )
        if day is not None:
            cell.spasms, cell.worst, cell.unusual = day.spasms, day.worst, day.unusual
        week.append(cell)
        if len(week) == 7:
            weeks.append(week)
            week = []
        current += timedelta(days=1)
    return weeks


# Where, and why ---------------------------------------------------------------


@dataclass
class Ranked:
    name: str
    count: int
    percent: int | None = None
    is_acr_area: bool = False


def percent_of(count, total):
    return round(100 * count / total) if total else None


def body_areas_ranked(spasms, total=None):
    """Body areas by the number of spasms felt there, most first."""
    areas = (
        BodyArea.objects.filter(spasm__in=spasms)
        .annotate(count=Count("spasm"))
        .order_by("-count", "order", "name")
    )
    return [
        Ranked(area.name, area.count, percent_of(area.count, total), area.is_acr_area)
        for area in areas
    ]


def acr_areas_with_spasms(spasms):
    """The names of the 19 ACR areas that had at least one of these spasms."""
    areas = BodyArea.objects.filter(is_acr_area=True, spasm__in=spasms).distinct()
    return list(areas.order_by("order", "name").values_list("name", flat=True))


def triggers_ranked(spasms, total=None):
    """Triggers by the number of spasms they were noted on, most first."""
    triggers = (
        Trigger.objects.filter(spasm__in=spasms)
        .annotate(count=Count("spasm"))
        .order_by("-count", "order", "name")
    )
    return [
        Ranked(trigger.name, trigger.count, percent_of(trigger.count, total))
        for trigger in triggers
    ]


# What helped ------------------------------------------------------------------


@dataclass
class TechniqueResult:
    name: str
    sessions: int
    rated: int  # sessions with an intensity before and after
    mean_drop: float | None  # before minus after, on the 0-10 scale
    helped_a_lot: int
    minutes: int | None

    @property
    def meaningful(self):
        return self.mean_drop is not None and self.mean_drop >= MEANINGFUL_DROP


def techniques_tried(sessions):
    """Each technique tried: sessions, mean drop in intensity; the most helpful first."""
    rows = (
        sessions.order_by()
        .values("technique__name")
        .annotate(
            sessions=Count("pk"),
            rated=Count(
                "pk", filter=Q(intensity_before__isnull=False, intensity_after__isnull=False)
            ),
            mean_drop=Avg(F("intensity_before") - F("intensity_after"), output_field=FloatField()),
            helped_a_lot=Count("pk", filter=Q(helped=TechniqueSession.Helped.A_LOT)),
            minutes=Sum("minutes"),
        )
    )
    results = [
        TechniqueResult(
            name=row["technique__name"],
            sessions=row["sessions"],
            rated=row["rated"],
            mean_drop=row["mean_drop"],
            helped_a_lot=row["helped_a_lot"],
            minutes=row["minutes"],
        )
        for row in rows
    ]
    results.sort(key=lambda r: (r.mean_drop is None, -(r.mean_drop or 0), -r.sessions, r.name))
    return results


@dataclass
class MedicationUse:
    name: str
    kind: str | None
    doses: int
    days: int
    total: object  # Decimal, in `unit`
    unit: str


def doses_by_medication(doses):
    """Doses taken of each medicine (and unit): how many, on how many days, how much."""
    rows = (
        doses.order_by()
        .values("medication__name", "medication__medication_class__name", "unit")
        .annotate(doses=Count("pk"), days=Count("local_date", distinct=True), total=Sum("amount"))
        .order_by("-doses", "medication__name", "unit")
    )
    return [
        MedicationUse(
            name=row["medication__name"],
            kind=row["medication__medication_class__name"],
            doses=row["doses"],
            days=row["days"],
            total=row["total"].normalize() if row["total"] is not None else None,
            unit=row["unit"],
        )
        for row in rows
    ]


# Sleep and stress --------------------------------------------------------------

CHECK_IN_FIELDS = ("sleep_hours", "sleep_quality", "stress", "fatigue", "overall_pain", "mood")


def check_ins_by_day(checkins, period):
    """The period's check-ins as {day: {field: value}}."""
    rows = period.filter(checkins).order_by().values("local_date", *CHECK_IN_FIELDS)
    return {row.pop("local_date"): row for row in rows}


def series(by_day, period, name):
    """One answer for every day of the period, None where there is no check-in."""
    values = []
    for day in period.dates():
        value = by_day.get(day, {}).get(name)
        values.append(float(value) if value is not None else None)
    return values


def mean(values):
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def half_change(values):
    """(mean of the first half, mean of the second half) of a period's series."""
    middle = len(values) // 2
    return mean(values[:middle]), mean(values[middle:])


@dataclass
class Trend:
    name: str
    first_half: float | None
    second_half: float | None
    higher_is_better: bool

    @property
    def change(self):
        if self.first_half is None or self.second_half is None:
            return None
        return self.second_half - self.first_half

    @property
    def reading(self):
        """ "better", "worse", "steady" or "" (not enough data), in the patient's terms."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < STEADY_WITHIN:
            return _("steady")
        return _("better") if (change > 0) == self.higher_is_better else _("worse")


@dataclass
class CheckInWeek:
    first_day: date
    last_day: date
    check_ins: int
    means: dict = field(default_factory=dict)


def check_in_weeks(by_day, weeks):
    """Mean answers per week, for the table beside the sleep and stress chart."""
    rows = []
    for week in weeks:
        days = [
            by_day[week.first_day + timedelta(days=offset)]
            for offset in range((week.last_day - week.first_day).days + 1)
            if week.first_day + timedelta(days=offset) in by_day
        ]
        means = {
            name: mean([float(d[name]) if d[name] is not None else None for d in days])
            for name in CHECK_IN_FIELDS
        }
        rows.append(CheckInWeek(week.first_day, week.last_day, len(days), means))
    return rows


# The patient's own words -----------------------------------------------------------


@dataclass
class PatientNote:
    day: date
    moment: datetime | None
    kind: str
    text: str


def patient_notes(period, spasms, doses, sessions, checkins, limit=NOTES_SHOWN):
    """The notes the patient wrote on entries in the period, newest first.

    Returns (notes shown, how many notes there are in all).
    """
    sources = [
        (spasms, Spasm._meta.verbose_name, "started_at"),
        (doses, Dose._meta.verbose_name, "taken_at"),
        (sessions, TechniqueSession._meta.verbose_name, "started_at"),
        (checkins, CheckIn._meta.verbose_name, None),
    ]
    notes = []
    for queryset, kind, moment in sources:
        with_notes = period.filter(queryset).exclude(note="")
        order = [f"-{moment}"] if moment else ["-local_date"]
        fields = ["local_date", "note", *([moment] if moment else [])]
        for row in with_notes.order_by(*order).values(*fields)[:limit]:
            notes.append(
                PatientNote(row["local_date"], row.get(moment), str(kind).capitalize(), row["note"])
            )
    notes.sort(key=lambda note: (note.day, note.moment is not None, note.moment), reverse=True)
    return notes[:limit]


# The whole summary ---------------------------------------------------------------


@dataclass
class Summary:
    period: Period
    days: list
    weeks: list
    calendar: list
    totals: Totals
    body_areas: list
    acr_areas_last_7_days: list
    triggers: list
    techniques: list
    medications: list
    check_in_weeks: list
    check_in_days: int
    trends: list
    notes: list
    spasm_chart: charts.BarChart
    intensity_chart: charts.LineChart
    sleep_stress_chart: charts.LineChart

    acr_areas_total: int = ACR_AREAS

    @property
    def unusual_days(self):
        return [day for day in self.days if day.unusual]


def build_summary(patient, days, today):
    """The summary of `patient`'s `days` days up to `today` (their own calendar day)."""
    period = Period.ending(today, days)
    last_7_days = Period.ending(today, 7)
    spasms = Spasm.objects.filter(owner=patient)
    doses = Dose.objects.filter(owner=patient)
    sessions = TechniqueSession.objects.filter(owner=patient)
    checkins = CheckIn.objects.filter(owner=patient)

    daily = spasm_days(spasms, period)
    weeks = by_week(daily)
    totals = compare_with_previous(spasms, period)
    in_period = period.filter(spasms)
    by_day = check_ins_by_day(checkins, period)
    sleep = series(by_day, period, "sleep_quality")
    stress = series(by_day, period, "stress")
    dates = period.dates()

    return Summary(
        period=period,
        days=daily,
        weeks=weeks,
        calendar=calendar(daily, set(by_day), period),
        totals=totals,
        body_areas=body_areas_ranked(in_period, totals.spasms),
        acr_areas_last_7_days=acr_areas_with_spasms(last_7_days.filter(spasms)),
        triggers=triggers_ranked(in_period, totals.spasms),
        techniques=techniques_tried(period.filter(sessions)),
        medications=doses_by_medication(period.filter(doses)),
        check_in_weeks=check_in_weeks(by_day, weeks),
        check_in_days=len(by_day),
        trends=[
            Trend(_("Sleep quality"), *half_change(sleep), higher_is_better=True),
            Trend(_("Stress"), *half_change(stress), higher_is_better=False),
            Trend(_("Tiredness"), *half_change(series(by_day, period, "fatigue")), False),
            Trend(_("Mood"), *half_change(series(by_day, period, "mood")), True),
        ],
        notes=patient_notes(period, spasms, doses, sessions, checkins),
        spasm_chart=charts.bar_chart(
            dates, [day.spasms for day in daily], [day.unusual for day in daily]
        ),
        intensity_chart=charts.line_chart(
            dates,
            [
                charts.Series(_("Worst"), "worst", [day.worst for day in daily]),
                charts.Series(_("Mean"), "mean", [day.mean_intensity for day in daily]),
            ],
        ),
        sleep_stress_chart=charts.line_chart(
            dates,
            [
                charts.Series(_("Sleep quality"), "sleep", sleep),
                charts.Series(_("Stress"), "stress", stress),
            ],
        ),
    )
