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

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from diary import charts, insights
from diary.clinical import Period
from diary.insights.acr import AcrFigures, acr_figures
from diary.insights.days import ACR_AREAS, acr_areas, spasm_days, unusual_days
from diary.insights.delayed import DelayedEffects, delayed_effects
from diary.insights.medicine_effects import MedicineEffects, medicine_effects
from diary.insights.trends import (
    CheckInTrend,
    by_week,
    calendar,
    check_in_weeks,
    check_ins_by_day,
    half_change,
    series,
)
from diary.models import CheckIn, Dose, Spasm, TechniqueSession

NOTES_SHOWN = 30


# Spasms per day: diary.insights.days, the same days the patient's pages count. The
# weeks, the calendar and the check-in trends are the patient's too: diary.insights.trends.


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
    acr: AcrFigures | None = None  # the ACR 2016 scores of each symptom check, never a verdict
    delayed_effects: DelayedEffects | None = None  # spasms 0-2 days after sleep, stress, exertion
    medicine_effects: MedicineEffects | None = None  # before and since, with and without a dose

    @property
    def unusual_days(self):
        return unusual_days(self.days)


def summary_period(patient, days, today) -> Period:
    """The summary's days: `days` up to `today`, cut to the days since the diary began."""
    # The summary view's patient row already carries its diary's start (the flags read it).
    started = getattr(patient, "diary_started_on", None) or insights.diary_start(patient, today)
    return Period.ending(today, days, started)


def build_summary(patient, days, today):
    """The summary of `patient`'s `days` days up to `today` (their own calendar day).

    The caller has already checked that the clinician may see this patient
    (`diary.care.sharing.patients_visible_to`); from here on the rows are read as the
    patient's own, through `owned_by`, as the patient's insights read them.
    """
    period = summary_period(patient, days, today)
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
        delayed_effects=delayed_effects(patient, period, daily, by_day),
        medicine_effects=medicine_effects(patient, period, daily),
        acr=acr_figures(patient, period, today),
    )
