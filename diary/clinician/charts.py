"""The geometry of the summary's charts, drawn as SVG by templates.

Python works out where every bar, line and label goes; the templates only write
`<rect>`, `<polyline>` and `<text>` elements with CSS classes, so the charts need
no JavaScript, no outside host and no inline style. Bar and line charts of the
same days share one x axis, so they line up when stacked.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation

LEFT, RIGHT, TOP, BOTTOM = 30, 22, 8, 22
PLOT_WIDTH, PLOT_HEIGHT = 660, 120
WIDTH = LEFT + PLOT_WIDTH + RIGHT
HEIGHT = TOP + PLOT_HEIGHT + BOTTOM
STEPS = (1, 2, 5)


def nice_scale(maximum, most_ticks=4):
    """(top, step): a round top at or above `maximum`, ticks at most `most_ticks` apart."""
    maximum = max(maximum, 1)
    magnitude = 1
    while True:
        for step in STEPS:
            step *= magnitude
            if maximum / step <= most_ticks:
                return math.ceil(maximum / step) * step, step
        magnitude *= 10


def _round(number):
    return round(number, 1)


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class DayLabel:
    x: float
    day: object


@dataclass
class Axes:
    days: list
    top: float
    step: float
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_right: int = LEFT + PLOT_WIDTH
    baseline: int = TOP + PLOT_HEIGHT
    label_y: int = TOP + PLOT_HEIGHT + 16

    @property
    def slot(self):
        return PLOT_WIDTH / max(len(self.days), 1)

    def x(self, index):
        """The centre of a day's slot."""
        return _round(LEFT + (index + 0.5) * self.slot)

    def y(self, value):
        return _round(TOP + PLOT_HEIGHT - (value / self.top) * PLOT_HEIGHT)

    @property
    def ticks(self):
        count = int(self.top / self.step)
        return [Tick(self.y(n * self.step), f"{n * self.step:g}") for n in range(count + 1)]

    @property
    def day_labels(self):
        """About five dates under the axis, the last day always among them."""
        every = 7 if len(self.days) <= 31 else 14
        last = len(self.days) - 1
        return [
            DayLabel(self.x(index), day)
            for index, day in enumerate(self.days)
            if (last - index) % every == 0
        ]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: object
    value: float
    highlight: bool
    day_label: str = ""  # "Mon 3 Mar", for the bar's tooltip


@dataclass
class BarChart:
    axes: Axes
    bars: list

    @property
    def is_empty(self):
        return not any(bar.value for bar in self.bars)


def bar_chart(days, values, highlights=None):
    """One bar a day; `highlights` marks bars drawn in the "unusual" colour."""
    highlights = highlights or [False] * len(values)
    top, step = nice_scale(max(values, default=0))
    axes = Axes(days, top, step)
    width = _round(axes.slot * 0.7)
    language = translation.get_language()
    bars = []
    for index, (day, value, highlight) in enumerate(zip(days, values, highlights, strict=True)):
        y = axes.y(value)
        bars.append(
            Bar(
                x=_round(axes.x(index) - width / 2),
                y=y,
                width=width,
                height=_round(axes.baseline - y),
                day=day,
                value=value,
                highlight=highlight,
                day_label=day_label(day, language),
            )
        )
    return BarChart(axes, bars)


@dataclass
class Series:
    name: str
    css: str  # a class name: the colour comes from the style sheet
    values: list


@dataclass
class Point:
    x: float
    y: float
    day: object
    value: float
    # "Mon 3 Mar: 6.5", what the point's tooltip says after the line's name.
    label: str = ""


@functools.lru_cache(maxsize=4096)
def day_label(day, language):
    """`{{ day|date:"D j M" }}`, cached: the same days come back on every summary."""
    return formats.date_format(day, "D j M")


@functools.lru_cache(maxsize=4096)
def point_label(day, value, language):
    """`{{ day|date:"D j M" }}: {{ value|floatformat:"1u" }}`, written once in Python.

    Three lines of 90 points made the summary's line charts its slowest part
    (20 ms) through the template filters; the labels repeat, so they are cached.
    """
    one_decimal = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{day_label(day, language)}: {one_decimal}"


@dataclass
class Line:
    name: str
    css: str
    segments: list = field(default_factory=list)  # `points` attributes, one per unbroken run
    points: list = field(default_factory=list)


@dataclass
class LineChart:
    axes: Axes
    lines: list

    @property
    def is_empty(self):
        return not any(line.points for line in self.lines)


def line_chart(days, all_series, top=10, step=5):
    """Lines on a 0-10 scale, broken where a day has no value."""
    axes = Axes(days, top, step)
    language = translation.get_language()
    lines = []
    for one in all_series:
        line = Line(one.name, one.css)
        run = []
        for index, (day, value) in enumerate(zip(days, one.values, strict=True)):
            if value is None:
                if run:
                    line.segments.append(" ".join(run))
                run = []
                continue
            label = point_label(day, value, language)
            point = Point(axes.x(index), axes.y(value), day, value, label)
            line.points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            line.segments.append(" ".join(run))
        lines.append(line)
    return LineChart(axes, lines)
