"""The rows of the tables under the patient's daily charts, their numbers written out.

A year is 365 rows in each table; written out here once (with
`diary.charts.labels`), they cost a few milliseconds instead of the 40 the `date`
and `floatformat` filters took.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from diary.charts.labels import date_label, one_decimal


@dataclass
class TableRow:
    """One day of the spasms and intensity tables."""

    day: str
    spasms: int
    rolling_spasms: str
    mean_intensity: str
    rolling_intensity: str


def trend_table(trend) -> list[TableRow]:
    """One row per day of an `insights.daily_trend`."""
    language = translation.get_language()
    return [
        TableRow(
            day=date_label(day.day, "SHORT_WEEKDAY_DATE_FORMAT", language),
            spasms=day.spasms,
            rolling_spasms=one_decimal(day.rolling_spasms, language),
            mean_intensity=one_decimal(day.mean_intensity, language),
            rolling_intensity=one_decimal(day.rolling_intensity, language),
        )
        for day in trend.days
    ]
