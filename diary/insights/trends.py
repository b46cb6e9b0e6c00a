"""The days of a period in weeks and on a calendar, and the check-in answers over time.

The clinician's summary (`diary.care.summary`) and the patient's insights page read
the same functions: `by_week`, `calendar` (Monday-to-Sunday weeks over the period,
drawn by `templates/charts/calendar.html`), `check_ins_by_day`, `series`,
`half_change` and `check_in_weeks`. `patient_trends` puts them together for the
patient's page: sleep hours and quality, stress, tiredness, overall pain and mood,
each chart with a table of every number it draws, and the calendar of spasm days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from diary import charts
from diary.clinical import Period
from diary.models import CheckIn

STEADY_WITHIN = 1  # a change of less than 1 point between halves reads as "steady"


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


# The patient's own trends -------------------------------------------------------------

# Each check-in answer the patient sees over time: (field, name, higher is better).
TREND_FIELDS = (
    ("sleep_hours", _("Hours slept"), True),
    ("sleep_quality", _("Sleep quality"), True),
    ("stress", _("Stress"), False),
    ("fatigue", _("Tiredness"), False),
    ("overall_pain", _("Pain overall"), False),
    ("mood", _("Mood"), True),
)
TREND_NAMES = {name: label for name, label, _better in TREND_FIELDS}
# The charts of the patient's page: a stable key (its CSS and ids), its title, how to
# read it, and its series (field, css) on one scale. Hours have a scale of their own;
# the 0-10 answers are split into "higher is better" and "higher is worse", so no
# chart mixes the two readings.
TREND_CHARTS = (
    (
        "sleep-hours",
        _("Hours slept"),
        _("Dots and a line of the hours you slept each night, from your check-ins."),
        (("sleep_hours", "hours"),),
    ),
    (
        "sleep-mood",
        _("Sleep quality and mood (10 = best)"),
        _("Lines of your sleep quality and your mood, 0 to 10, where 10 is best."),
        (("sleep_quality", "sleep"), ("mood", "mood")),
    ),
    (
        "stress-tiredness-pain",
        _("Stress, tiredness and pain (10 = worst)"),
        _("Lines of your stress, tiredness and overall pain, 0 to 10, where 10 is worst."),
        (("stress", "stress"), ("fatigue", "fatigue"), ("overall_pain", "pain")),
    ),
)


@dataclass
class TrendTableRow:
    day: str
    values: list[str]


@dataclass
class TrendChart:
    key: str
    title: str
    desc: str
    chart: charts.Chart
    columns: list[str]
    rows: list[TrendTableRow]  # the days with at least one of the chart's answers

    @property
    def enough(self) -> bool:
        return bool(self.rows)


@dataclass
class PatientTrends:
    period: Period
    check_in_days: int
    charts: list[TrendChart] = field(default_factory=list)
    readings: list[CheckInTrend] = field(default_factory=list)
    calendar: list = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.check_in_days > 0


def _trend_chart(key, title, desc, fields, by_day, period, dates, language):
    values = {name: series(by_day, period, name) for name, _css in fields}
    if key == "sleep-hours":
        present = [value for value in values["sleep_hours"] if value is not None]
        scale = charts.nice_scale(max(present, default=0))
    else:
        scale = charts.INTENSITY_SCALE
    chart = charts.line_chart(
        dates,
        [charts.Series(TREND_NAMES[name], css, values[name]) for name, css in fields],
        frame=charts.WIDE,
        scale=scale,
    )
    rows = [
        TrendTableRow(
            charts.date_label(day, "SHORT_WEEKDAY_DATE_FORMAT", language),
            [charts.one_decimal(values[name][index], language) for name, _css in fields],
        )
        for index, day in enumerate(dates)
        if any(values[name][index] is not None for name, _css in fields)
    ]
    columns = [TREND_NAMES[name] for name, _css in fields]
    return TrendChart(key, title, desc, chart, columns, rows)


def patient_trends(user, period: Period, days, by_day: dict | None = None) -> PatientTrends:
    """The patient's check-in answers over the period, and the calendar of spasm days.

    `days` are the period's days as `diary.insights.days` sees them (unusual marked,
    e.g. a `daily_trend`'s `spasm_days`); `by_day` the period's check-ins from
    `check_ins_by_day`, read here (one query) when not given.
    """
    if by_day is None:
        by_day = check_ins_by_day(CheckIn.objects.owned_by(user), period)
    dates = list(period.each_day())
    language = translation.get_language()
    return PatientTrends(
        period=period,
        check_in_days=len(by_day),
        charts=[
            _trend_chart(key, title, desc, fields, by_day, period, dates, language)
            for key, title, desc, fields in TREND_CHARTS
        ],
        readings=[
            CheckInTrend(label, *half_change(series(by_day, period, name)), better)
            for name, label, better in TREND_FIELDS
        ],
        calendar=calendar(days, set(by_day), period),
    )
