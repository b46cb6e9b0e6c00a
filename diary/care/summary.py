"""The clinician's one-screen summary of a patient's diary.

The figures a patient also sees (totals against the period before, body areas,
triggers, techniques, doses) come from `diary.insights`, so the clinician and the
patient read the same numbers by the same definitions. This module adds what is
the clinician's own: the calendar and week tables with unusual days marked, the
ACR area count, check-in trends and the notes of every kind of entry.

Each function here takes a patient's rows (already scoped to the patient) and an
insights `Period`, and returns plain numbers and dataclasses in one query, so the
summary costs the same handful of queries for a week of diary or for years of it.
`build_summary` puts them together for one patient and one period.

Days are the patient's own calendar days (`local_date`), so a day's totals here
match the patient's own view of their diary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _

from diary import charts, insights
from diary.clinical import Period
from diary.insights.days import ACR_AREAS, acr_areas, spasm_days, unusual_days
from diary.models import CheckIn, Dose, Spasm, TechniqueSession

STEADY_WITHIN = 1  # a change of less than 1 point between halves reads as "steady"
NOTES_SHOWN = 30


# Spasms per day: diary.insights.days, the same days the patient's pages count.


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
    start = period.first - timedelta(days=period.first.weekday())
    end = period.last + timedelta(days=6 - period.last.weekday())
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


# Sleep and stress --------------------------------------------------------------

CHECK_IN_FIELDS = ("sleep_hours", "sleep_quality", "stress", "fatigue", "overall_pain", "mood")


def check_ins_by_day(checkins, period):
    """The period's check-ins as {day: {field: value}}."""
    rows = checkins.between(period.first, period.last).order_by()
    rows = rows.values("local_date", *CHECK_IN_FIELDS)
    return {row.pop("local_date"): row for row in rows}


def series(by_day, period, name):
    """One answer for every day of the period, None where there is no check-in."""
    values = []
    for day in period.each_day():
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
class CheckInTrend:
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
    """The latest `limit` notes the patient wrote on any kind of entry in the period, newest first.

    Unlike the report's "notes to discuss" (spasm notes only, with their intensity),
    the clinician reads every note: a dose taken late or a bad day's check-in matter too.
    """
    sources = [
        (spasms, Spasm._meta.verbose_name, "started_at"),
        (doses, Dose._meta.verbose_name, "taken_at"),
        (sessions, TechniqueSession._meta.verbose_name, "started_at"),
        (checkins, CheckIn._meta.verbose_name, None),
    ]
    notes = []
    for queryset, kind, moment in sources:
        with_notes = queryset.between(period.first, period.last).exclude(note="")
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
    totals: insights.Summary
    body_areas: list  # of insights Ranked, most spasms first
    acr_areas_last_7_days: list
    triggers: list  # of insights Ranked
    techniques: list  # of insights TechniqueEffect, those with enough sessions first
    medications: list  # of insights DoseUse
    check_in_weeks: list
    check_in_days: int
    trends: list
    notes: list
    spasm_chart: charts.Chart
    intensity_chart: charts.Chart
    sleep_stress_chart: charts.Chart

    acr_areas_total: int = ACR_AREAS

    @property
    def unusual_days(self):
        return unusual_days(self.days)


def build_summary(patient, days, today):
    """The summary of `patient`'s `days` days up to `today` (their own calendar day).

    The caller has already checked that the clinician may see this patient
    (`diary.care.sharing.patients_visible_to`); from here on the rows are read as the
    patient's own, through `owned_by`, as the patient's insights read them.
    """
    # The summary view's patient row already carries its diary's start (the flags read it).
    started = getattr(patient, "diary_started_on", None) or insights.diary_start(patient, today)
    period = Period.ending(today, days, started)
    last_7_days = Period.ending(today, 7)
    spasms = Spasm.objects.owned_by(patient)
    doses = Dose.objects.owned_by(patient)
    sessions = TechniqueSession.objects.owned_by(patient)
    checkins = CheckIn.objects.owned_by(patient)

    daily = spasm_days(patient, period)
    weeks = by_week(daily)
    totals = insights.summary(patient, period)
    by_day = check_ins_by_day(checkins, period)
    sleep = series(by_day, period, "sleep_quality")
    stress = series(by_day, period, "stress")
    dates = list(period.each_day())

    return Summary(
        period=period,
        days=daily,
        weeks=weeks,
        calendar=calendar(daily, set(by_day), period),
        totals=totals,
        body_areas=insights.body_areas(patient, period, total_spasms=totals.spasms).rows,
        acr_areas_last_7_days=acr_areas(patient, last_7_days),
        triggers=insights.triggers(patient, period, total_spasms=totals.spasms).rows,
        techniques=insights.technique_effects(patient, period).rows,
        medications=insights.doses_per_medication(patient, period).rows,
        check_in_weeks=check_in_weeks(by_day, weeks),
        check_in_days=len(by_day),
        trends=[
            CheckInTrend(_("Sleep quality"), *half_change(sleep), higher_is_better=True),
            CheckInTrend(_("Stress"), *half_change(stress), higher_is_better=False),
            CheckInTrend(_("Tiredness"), *half_change(series(by_day, period, "fatigue")), False),
            CheckInTrend(_("Mood"), *half_change(series(by_day, period, "mood")), True),
        ],
        notes=patient_notes(period, spasms, doses, sessions, checkins),
        spasm_chart=charts.bar_chart(
            dates,
            [day.spasms for day in daily],
            [day.unusual for day in daily],
            frame=charts.STACKED,
        ),
        intensity_chart=charts.line_chart(
            dates,
            [
                charts.Series(_("Worst"), "worst", [day.worst for day in daily]),
                charts.Series(_("Mean"), "mean", [day.mean_intensity for day in daily]),
            ],
            frame=charts.STACKED,
        ),
        sleep_stress_chart=charts.line_chart(
            dates,
            [
                charts.Series(_("Sleep quality"), "sleep", sleep),
                charts.Series(_("Stress"), "stress", stress),
            ],
            frame=charts.STACKED,
        ),
    )
