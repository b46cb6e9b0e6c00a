"""Geometry for the server-drawn SVG charts.

The figures (diary.insights) say what the numbers are; these helpers say where
each bar, dot and line goes on a fixed canvas, so the templates
(``templates/diary/includes/chart_*.html``) only loop and print. No JavaScript,
no style attributes: colours come from CSS classes, and every chart is paired
with a data table, so colour is never the only way to read it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def nice_ceiling(value: float, ticks: int = 4) -> tuple[float, float]:
    """A round top for an axis, and the step between its gridlines.

    nice_ceiling(7) -> (8, 2); nice_ceiling(0) -> (1, 1).
    """
    if value <= 0:
        return 1, 1
    raw_step = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw_step))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if step >= raw_step:
            break
    if step < 1:
        step = 1  # counts are whole numbers: no gridline at 0.5 spasms
    top = step * math.ceil(value / step)
    return top, step


@dataclass
class Frame:
    """The canvas and the plot area inside its margins."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def baseline(self) -> float:
        return self.height - self.bottom

    @property
    def right_edge(self) -> float:
        return self.width - self.right

    @property
    def axis_label_x(self) -> float:
        return self.left - 5

    @property
    def tick_y(self) -> float:
        return self.baseline + 18

    def y_for(self, value: float, top_value: float) -> float:
        return self.baseline - self.plot_height * (value / top_value if top_value else 0)


@dataclass
class Gridline:
    y: str
    label: str


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    label_x: str
    value_y: str
    value: object
    label: object = ""


@dataclass
class Tick:
    x: str
    day: date


@dataclass
class TimeChart:
    """A daily series: bars or dots, one rolling line, gridlines and date ticks."""

    frame: Frame
    gridlines: list[Gridline]
    bars: list[Bar] = field(default_factory=list)
    dots: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # polyline "points", split at gaps
    ticks: list[Tick] = field(default_factory=list)

    @property
    def viewbox(self) -> str:
        return self.frame.viewbox


def _gridlines(frame: Frame, top_value: float, step: float) -> list[Gridline]:
    lines, value = [], 0.0
    while value <= top_value + 1e-9:
        lines.append(Gridline(_num(frame.y_for(value, top_value)), _num(value)))
        value += step
    return lines


def _ticks(frame: Frame, days: list[date], band: float, most: int = 7) -> list[Tick]:
    if not days:
        return []
    if len(days) > 62:
        # Long periods: a tick on the first of each month (every other month past a year).
        firsts = [i for i, day in enumerate(days) if day.day == 1]
        every = max(1, math.ceil(len(firsts) / (most + 5)))
        chosen = firsts[::every]
    else:
        every = max(1, math.ceil(len(days) / most))
        chosen = list(range(len(days) - 1, -1, -every))[::-1]  # always include the last day
    return [Tick(_num(frame.left + band * (i + 0.5)), days[i]) for i in chosen]


def _polylines(frame, values, band, top_value) -> list[str]:
    """Points for a line through the values, broken where a value is missing."""
    lines, current = [], []
    for i, value in enumerate(values):
        if value is None:
            if len(current) > 1:
                lines.append(" ".join(current))
            current = []
            continue
        x = frame.left + band * (i + 0.5)
        current.append(f"{_num(x)},{_num(frame.y_for(value, top_value))}")
    if len(current) > 1:
        lines.append(" ".join(current))
    return lines


TIME_FRAME = {"width": 720, "height": 240, "left": 40, "right": 10, "top": 14, "bottom": 30}


def spasms_per_day_chart(trend) -> TimeChart:
    """Bars of spasms per day and a line of the 7-day average (from insights.daily_trend)."""
    frame = Frame(**TIME_FRAME)
    days = trend.days
    top_value, step = nice_ceiling(trend.highest)
    band = frame.plot_width / max(1, len(days))
    bar_width = max(band * 0.7, 0.6)
    bars = []
    for i, day in enumerate(days):
        if not day.spasms:
            continue
        y = frame.y_for(day.spasms, top_value)
        bars.append(
            Bar(
                x=_num(frame.left + band * i + (band - bar_width) / 2),
                y=_num(y),
                width=_num(bar_width),
                height=_num(frame.baseline - y),
                label_x=_num(frame.left + band * (i + 0.5)),
                value_y=_num(y - 3),
                value=day.spasms,
                label=day.day,
            )
        )
    return TimeChart(
        frame=frame,
        gridlines=_gridlines(frame, top_value, step),
        bars=bars,
        lines=_polylines(frame, [d.rolling_spasms for d in days], band, top_value),
        ticks=_ticks(frame, [d.day for d in days], band),
    )


def intensity_chart(trend) -> TimeChart:
    """Dots of each day's mean intensity and a 7-day line, on the fixed 0-10 scale."""
    frame = Frame(**TIME_FRAME)
    days = trend.days
    band = frame.plot_width / max(1, len(days))
    dots = [
        (
            _num(frame.left + band * (i + 0.5)),
            _num(frame.y_for(day.mean_intensity, 10)),
        )
        for i, day in enumerate(days)
        if day.mean_intensity is not None
    ]
    return TimeChart(
        frame=frame,
        gridlines=_gridlines(frame, 10, 2),
        dots=dots,
        lines=_polylines(frame, [d.rolling_intensity for d in days], band, 10),
        ticks=_ticks(frame, [d.day for d in days], band),
    )


@dataclass
class TableRow:
    """One day of the tables under the two daily charts, its numbers written out."""

    day: str
    spasms: int
    rolling_spasms: str
    mean_intensity: str
    rolling_intensity: str


@functools.lru_cache(maxsize=4096)
def _one_decimal(value, language) -> str:
    """What `|floatformat:1` prints (half up, the reader's decimal mark), or a dash.

    Cached with the language: a year of days repeats the same few values.
    """
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, 1)


@functools.lru_cache(maxsize=4096)
def _day_label(day, language) -> str:
    """What `|date:"D j M Y"` prints, cached with the language."""
    return formats.date_format(day, "D j M Y")


def trend_table(trend) -> list[TableRow]:
    """The rows of the spasms and intensity tables, one per day of the trend.

    A year is 365 rows in each table; written out here once, they cost a few
    milliseconds instead of the 40 the `date` and `floatformat` filters took.
    """
    language = translation.get_language()
    return [
        TableRow(
            day=_day_label(day.day, language),
            spasms=day.spasms,
            rolling_spasms=_one_decimal(day.rolling_spasms, language),
            mean_intensity=_one_decimal(day.mean_intensity, language),
            rolling_intensity=_one_decimal(day.rolling_intensity, language),
        )
        for day in trend.days
    ]


@dataclass
class BarChart:
    frame: Frame
    gridlines: list[Gridline]
    bars: list[Bar]

    @property
    def viewbox(self) -> str:
        return self.frame.viewbox


def category_chart(slices) -> BarChart:
    """Vertical bars for a few categories (time of day, day of week), each labelled
    below and with its number above, so neither colour nor height is needed to read it."""
    frame = Frame(width=420, height=200, left=34, right=6, top=18, bottom=26)
    top_value, step = nice_ceiling(max((s.spasms for s in slices), default=0))
    band = frame.plot_width / max(1, len(slices))
    bar_width = band * 0.62
    bars = []
    for i, item in enumerate(slices):
        y = frame.y_for(item.spasms, top_value)
        bars.append(
            Bar(
                x=_num(frame.left + band * i + (band - bar_width) / 2),
                y=_num(y),
                width=_num(bar_width),
                height=_num(frame.baseline - y),
                label_x=_num(frame.left + band * (i + 0.5)),
                value_y=_num(y - 4),
                value=item.spasms,
                label=item.short_label,
            )
        )
    return BarChart(frame=frame, gridlines=_gridlines(frame, top_value, step), bars=bars)


def share_bar(share: float | None, width: int = 100) -> str:
    """The length of a small in-table bar for a share from 0 to 1, in a 0..width box."""
    if not share:
        return "0"
    return _num(max(1.0, min(1.0, share) * width))
