"""The rows of the tables under the patient's daily charts, their numbers written out.

A year is 365 rows in each table; written out here once (with
`diary.charts.labels`), they cost a few milliseconds instead of the 40 the `date`
and `floatformat` filters took.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


# A long period (a year) is read week by week, each week's days on demand: 365 rows in
# each of five tables were most of the page's elements.

WEEKLY_FROM = 120  # days: a period this long has its numbers by week


@dataclass
class WeekRow:
    """One week of the week-by-week table (diary.insights.trends.by_week and
    check_in_weeks)."""

    first_day: date
    last_day: date
    label: str
    spasms: int
    mean_intensity: str
    worst: str
    check_ins: int


def week_table(weeks, check_in_weeks) -> list[WeekRow]:
    """One row per week, the newest first, from `by_week` and `check_in_weeks`."""
    language = translation.get_language()
    rows = [
        WeekRow(
            first_day=week.first_day,
            last_day=week.last_day,
            label=date_label(week.first_day, "SHORT_MONTH_DAY_FORMAT", language)
            + " – "
            + date_label(week.last_day, "SHORT_MONTH_DAY_FORMAT", language),
            spasms=week.spasms,
            mean_intensity=one_decimal(week.mean_intensity, language),
            worst="–" if week.worst is None else str(week.worst),
            check_ins=check_in.check_ins,
        )
        for week, check_in in zip(weeks, check_in_weeks, strict=True)
    ]
    return list(reversed(rows))


@dataclass
class DayRow:
    """One day of the chosen week: the spasms and intensity tables' row for it (the same
    `trend_table`) and the check-in's answers as the check-in charts' tables print them."""

    numbers: TableRow
    answers: list[str]


def week_days(trend, table: list[TableRow], by_day: dict, week: WeekRow, fields) -> list[DayRow]:
    """The days of `week`: `table` is `trend_table(trend)`, `by_day` the period's
    check-ins (`check_ins_by_day`), `fields` the check-in answers to show."""
    language = translation.get_language()
    rows = []
    for day, numbers in zip(trend.days, table, strict=True):
        if week.first_day <= day.day <= week.last_day:
            answers = by_day.get(day.day, {})
            rows.append(
                DayRow(
                    numbers,
                    [
                        one_decimal(
                            float(answers[name]) if answers.get(name) is not None else None,
                            language,
                        )
                        for name in fields
                    ],
                )
            )
    return rows
