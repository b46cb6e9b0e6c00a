"""The figures: what the diary shows a patient, on the report their clinician, and on
the clinician's summary and patients list.

One pure function per figure: the patient and a `diary.clinical.Period` (already cut
to the diary's start, `start`) in, plain data out, each with an ``enough`` flag for
its "not enough data yet" state. All counting is done by SQL aggregates, so every
figure costs one or two queries whatever the size of the diary.

- `spasms`: totals against the period before, the daily trend, time of day, day of
  week, body areas, triggers, notes.
- `days`: each day's spasms, worst and mean; unusual days; ACR areas.
- `techniques`, `context`, `medications`: what helped, check-in comparisons, doses.
- `start`: the diary's first day, for one patient or (in SQL) for many.
- `insight_views`, `report_form`: the insights page and the appointment report.
"""

from diary.clinical import Period, patient_today
from diary.insights.context import Comparison, context_links
from diary.insights.days import acr_areas, spasm_days, unusual_days
from diary.insights.medications import current_medications, doses_per_medication
from diary.insights.spasms import (
    body_areas,
    body_map_areas,
    daily_trend,
    day_of_week,
    notes_to_discuss,
    summary,
    time_of_day,
    triggers,
)
from diary.insights.start import diary_start
from diary.insights.techniques import technique_effects

INSIGHT_PERIODS = (30, 90, 365)
DEFAULT_DAYS = INSIGHT_PERIODS[0]

__all__ = [
    "INSIGHT_PERIODS",
    "acr_areas",
    "spasm_days",
    "unusual_days",
    "Comparison",
    "Period",
    "all_figures",
    "body_areas",
    "body_map_areas",
    "context_links",
    "current_medications",
    "daily_trend",
    "day_of_week",
    "diary_start",
    "doses_per_medication",
    "insight_days",
    "notes_to_discuss",
    "patient_today",
    "summary",
    "technique_effects",
    "time_of_day",
    "triggers",
]


def all_figures(user, period: Period) -> dict:
    """Every figure of the insights page for one period, by name."""
    totals = summary(user, period)
    trend = daily_trend(user, period)
    return {
        "summary": totals,
        "unusual_days": trend.unusual_days,
        "trend": trend,
        "time_of_day": time_of_day(user, period),
        "day_of_week": day_of_week(user, period, trend_days=trend.days),
        "body_areas": body_areas(user, period, total_spasms=totals.spasms),
        "triggers": triggers(user, period, total_spasms=totals.spasms),
        "techniques": technique_effects(user, period),
        "context": context_links(user, period),
        "doses": doses_per_medication(user, period),
    }


def insight_days(raw) -> int:
    """The ?days= parameter of the insights page: 30, 90 or 365; anything else is 30."""
    try:
        days = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if days in INSIGHT_PERIODS else DEFAULT_DAYS
