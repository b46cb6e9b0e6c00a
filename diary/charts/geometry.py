"""Where each bar, dot, line and label of a chart goes, for every screen.

The figures (`diary.insights`, `diary.care.summary`) say what the numbers
are; this module says where they are drawn on a fixed canvas, a `Frame`, so the
one set of templates (`templates/charts/`) only loops and prints. There is one
scale (`nice_scale`), one way to place days along the x axis (`day_ticks`) and
one builder per kind of chart: `bar_chart` (a bar a day, with an optional line
over it), `line_chart` (lines and dots on a fixed 0-10 scale) and
`category_chart` (a few labelled bars with their numbers). Each returns a
`Chart`, drawn by `templates/charts/chart.html`.

No JavaScript, no style attributes: colours come from CSS classes
(`static/css/charts.css`), and every chart is paired with a table of its
numbers, so colour and shape are never the only way to read it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation

from diary.charts.labels import date_label, point_label

INTENSITY_SCALE = (10, 2)  # the 0-10 scales (intensity, sleep, stress): top and gridline step


def _round(value: float) -> float:
    """A coordinate to one decimal: enough for a crisp SVG, and short to send."""
    return round(value, 1)


def svg_text(value: float) -> str:
    """A number as SVG attribute text: one decimal at most, "50" rather than "50.0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def nice_scale(maximum: float, most_steps: int = 4) -> tuple[int, int]:
    """A round top for an axis at or above `maximum`, and the step between gridlines.

    The step is 1, 2 or 5 times a power of ten, the smallest that needs at most
    `most_steps` steps, and never below 1: counts are whole numbers, so there is
    no gridline at 0.5 spasms. nice_scale(7) -> (8, 2); nice_scale(0) -> (1, 1).
    """
    maximum = max(maximum, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if maximum / step <= most_steps:
                return math.ceil(maximum / step) * step, step
        magnitude *= 10


@dataclass(frozen=True)
class Frame:
    """The canvas, in SVG units, and the plot area inside its margins."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    tick_gap: int = 18  # from the x axis down to the baseline of the labels under it

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def baseline(self) -> int:
        return self.height - self.bottom

    @property
    def right_edge(self) -> int:
        return self.width - self.right

    @property
    def axis_label_x(self) -> int:
        return self.left - 5

    @property
    def tick_y(self) -> int:
        return self.baseline + self.tick_gap

    def slot(self, count: int) -> float:
        """The width each of `count` evenly spread items (days, categories) gets."""
        return self.plot_width / max(count, 1)

    def can_point_at(self, count: int) -> bool:
        """Whether each of `count` marks is wide enough to point at for its tooltip.

        Ninety days give each about 7 units, a year under 2: a phone shows a wide
        chart at about half its size, so those marks are 1 to 4 pixels wide. Their
        tooltips would be hundreds of elements nobody can hover or tap (insights for
        90 days drew 1,200 of them), and the table under the chart already holds
        every number.
        """
        return self.slot(count) >= POINTABLE

    def x(self, index: int, count: int) -> float:
        """The centre of item `index` of `count`."""
        return _round(self.left + (index + 0.5) * self.slot(count))

    def y(self, value: float, top_value: float) -> float:
        return _round(self.baseline - self.plot_height * (value / top_value if top_value else 0))


POINTABLE = 8  # the narrowest slot, in SVG units, whose mark gets a tooltip (30 days do)

# A chart on its own row of the patient's pages (insights, the report).
WIDE = Frame(width=720, height=240, left=40, right=10, top=14, bottom=30)
# The clinician's summary: short charts stacked over the same days, so they line up.
STACKED = Frame(width=712, height=150, left=30, right=22, top=8, bottom=22, tick_gap=16)
# A few categories (time of day, day of week), two side by side.
SMALL = Frame(width=420, height=200, left=34, right=6, top=18, bottom=26)


# Coordinates the templates print are text already (`svg_text`): a float printed by
# a template goes through number formatting, and a year of bars and dots is a few
# thousand of them.


@dataclass
class Gridline:
    y: str
    label: str


@dataclass
class Tick:
    """A label under the x axis: a date, or a category's short name."""

    x: str
    label: str
    day: date | None = None
    anchor: str = "middle"  # the SVG text-anchor: "end" for a label that would run off the right


# How wide an axis label is, in SVG units, without measuring text: a generous width per
# character at the charts' largest font size (12px), so German and Spanish month names
# ("1. Dez.", "1 dic") fit too.
AXIS_FONT_SIZE = 12
CHARACTER_WIDTH = 0.62 * AXIS_FONT_SIZE


def label_width(label: str) -> float:
    """The estimated width of an axis label in SVG units."""
    return len(label) * CHARACTER_WIDTH


def fitted_tick(frame: Frame, x: float, label: str, day: date | None = None) -> Tick:
    """A tick centred under its day or bar, unless its label would run past an edge
    of the canvas: then it ends at the right edge (or starts at the left one)."""
    half = label_width(label) / 2
    if x + half > frame.width:
        return Tick(svg_text(min(x, frame.width)), label, day, "end")
    if x - half < 0:
        return Tick(svg_text(max(x, 0)), label, day, "start")
    return Tick(svg_text(x), label, day)


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    centre: str  # x of the bar's middle, for the number above it
    value_y: str  # y of the number above it, where a chart prints it
    value: float
    label: str  # what its tooltip says ("Mon 3 Mar: 4", "Mon: 3"); empty: no tooltip
    highlight: bool = False  # drawn in the "unusual" colour

    @property
    def css(self) -> str:
        return "chart__bar chart__bar--unusual" if self.highlight else "chart__bar"


@dataclass
class Series:
    """Values to draw as a line, one per day (None where a day has none).

    `css` names the series' colour in the style sheet; `joined` draws the line,
    `marked` a dot with a tooltip on each value.
    """

    name: str
    css: str
    values: Sequence[float | None]
    joined: bool = True
    marked: bool = True


@dataclass
class Point:
    x: str
    y: str
    day: date
    value: float
    label: str = ""  # "Mon 3 Mar: 6.5", the dot's tooltip after the line's name; empty: none


@dataclass
class Line:
    name: str
    css: str
    joined: bool
    marked: bool
    segments: list[str] = field(default_factory=list)  # `points` attributes, one per unbroken run
    points: list[Point] = field(default_factory=list)  # only when marked

    @property
    def line_path(self) -> str:
        """Every unbroken run as one path, a move across each gap: one element however
        many days have no value (a year of check-ins drew 240 lines)."""
        return " ".join(f"M{segment}" for segment in self.segments)

    @property
    def dots_path(self) -> str:
        """Every dot as one path (a zero-length stroke with round ends, see charts.css),
        for a chart too dense to point at: one element instead of hundreds."""
        return " ".join(f"M{point.x} {point.y}h0" for point in self.points)


@dataclass
class Chart:
    """One chart: its frame and scale, gridlines, x labels, bars and lines."""

    frame: Frame
    top: float
    step: float
    ticks: list[Tick]
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    bar_name: str = ""  # what the bars are, for the legend; empty: no legend entry
    values_shown: bool = False  # print each bar's number above it
    slots: int = 0  # how many days the chart spreads along its x axis

    @property
    def viewbox(self) -> str:
        return self.frame.viewbox

    @functools.cached_property
    def gridlines(self) -> list[Gridline]:
        """A gridline at each step from 0 to the top, labelled with its value."""
        count = int(self.top // self.step) + 1
        return [
            Gridline(svg_text(self.y(n * self.step)), f"{n * self.step:g}") for n in range(count)
        ]

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars) and not any(
            line.segments or line.points for line in self.lines
        )

    def y(self, value: float) -> float:
        return self.frame.y(value, self.top)

    @property
    def dense(self) -> bool:
        """Too many days to point at each mark (90 days or more): the template draws
        the bars and dots as a few paths, without tooltips, and the table of the
        numbers (daily, or by week with each week's days on demand) holds every value."""
        return self.slots > 0 and not self.frame.can_point_at(self.slots)

    @property
    def bar_paths(self) -> list[tuple[str, str]]:
        """(css, path) for each kind of bar (plain, unusual): the bars as rectangles of
        one path each, when the chart is dense."""
        paths: dict[str, list[str]] = {}
        for bar in self.bars:
            paths.setdefault(bar.css, []).append(
                f"M{bar.x} {bar.y}h{bar.width}v{bar.height}h-{bar.width}z"
            )
        return [(css, "".join(parts)) for css, parts in paths.items()]


@functools.lru_cache(maxsize=64)
def _centres(frame: Frame, count: int) -> tuple[tuple[float, str], ...]:
    """The x of each of `count` slots, as a number and as text: the same few
    period lengths come back on every page, so they are worked out once."""
    return tuple((x, svg_text(x)) for x in (frame.x(i, count) for i in range(count)))


@functools.lru_cache(maxsize=8192)
def _y_text(frame: Frame, value: float, top: float) -> str:
    return svg_text(frame.y(value, top))


def day_ticks(frame: Frame, days: Sequence[date], most: int = 7) -> list[Tick]:
    """About `most` dates under the axis, the last day always among them.

    Past two months, a tick on the first of each month instead (every other
    month past a year), so a long period reads as a calendar.
    """
    if not days:
        return []
    if len(days) > 62:
        firsts = [i for i, day in enumerate(days) if day.day == 1]
        every = max(1, math.ceil(len(firsts) / (most + 5)))
        chosen = firsts[::every]
    else:
        every = max(1, math.ceil(len(days) / most))
        chosen = list(range(len(days) - 1, -1, -every))[::-1]
    centres = _centres(frame, len(days))
    return [
        fitted_tick(frame, centres[i][0], date_label(days[i], "SHORT_MONTH_DAY_FORMAT"), days[i])
        for i in chosen
    ]


def _bars(frame, values, top, labels, highlights, share=0.7, keep_zero=True) -> list[Bar]:
    width = _round(max(frame.slot(len(values)) * share, 0.6))
    width_text = svg_text(width)
    bars = []
    for (centre, centre_text), value, label, highlight in zip(
        _centres(frame, len(values)), values, labels, highlights, strict=True
    ):
        if not value and not keep_zero:
            continue
        y = frame.y(value, top)
        bars.append(
            Bar(
                x=svg_text(centre - width / 2),
                y=svg_text(y),
                width=width_text,
                height=svg_text(frame.baseline - y),
                centre=centre_text,
                value_y=svg_text(y - 4),
                value=value,
                label=label,
                highlight=highlight,
            )
        )
    return bars


def _line(frame: Frame, days: Sequence[date], series: Series, top: float) -> Line:
    """The series as unbroken runs of points, broken where a day has no value."""
    line = Line(series.name, series.css, series.joined, series.marked)
    language = translation.get_language() if frame.can_point_at(len(days)) else None
    run: list[str] = []
    for (_, x), day, value in zip(_centres(frame, len(days)), days, series.values, strict=True):
        if value is None:
            if len(run) > 1:
                line.segments.append(" ".join(run))
            run = []
            continue
        y = _y_text(frame, value, top)
        run.append(f"{x},{y}")
        if series.marked:
            label = point_label(day, value, language) if language else ""
            line.points.append(Point(x, y, day, value, label))
    if len(run) > 1:
        line.segments.append(" ".join(run))
    return line


def bar_chart(
    days: Sequence[date],
    values: Sequence[int],
    highlights: Sequence[bool] | None = None,
    *,
    frame: Frame,
    over: Series | None = None,
    bar_name: str = "",
) -> Chart:
    """A bar a day on a round scale; `highlights` marks bars drawn as unusual.

    Days without any have no bar at all (a year of days is mostly bars to draw).

    `over` is a line drawn over the bars on the same scale (a rolling average).
    """
    values = [value or 0 for value in values]
    highlights = highlights or [False] * len(values)
    over_values = [value for value in (over.values if over else []) if value is not None]
    top, step = nice_scale(max([*values, *over_values], default=0))
    if frame.can_point_at(len(days)):
        language = translation.get_language()
        labels = [
            f"{date_label(d, language=language)}: {v}" for d, v in zip(days, values, strict=True)
        ]
    else:
        labels = [""] * len(values)
    return Chart(
        frame,
        top,
        step,
        day_ticks(frame, days),
        bars=_bars(frame, values, top, labels, highlights, keep_zero=False),
        lines=[_line(frame, days, over, top)] if over else [],
        bar_name=bar_name,
        slots=len(days),
    )


def line_chart(
    days: Sequence[date],
    all_series: Sequence[Series],
    *,
    frame: Frame,
    scale: tuple[int, int] = INTENSITY_SCALE,
) -> Chart:
    """Lines (or dots) of values per day on a fixed scale, 0-10 unless told."""
    top, step = scale
    lines = [_line(frame, days, series, top) for series in all_series]
    return Chart(frame, top, step, day_ticks(frame, days), lines=lines, slots=len(days))


def category_chart(labels: Sequence[str], values: Sequence[int], *, frame: Frame = SMALL) -> Chart:
    """A few categories as bars, each named below and with its number above, so
    neither colour nor height is needed to read it."""
    top, step = nice_scale(max(values, default=0))
    tooltips = [f"{label}: {value}" for label, value in zip(labels, values, strict=True)]
    bars = _bars(frame, values, top, tooltips, [False] * len(values), share=0.62)
    ticks = [
        fitted_tick(frame, float(bar.centre), label)
        for bar, label in zip(bars, labels, strict=True)
    ]
    return Chart(frame, top, step, ticks, bars=bars, values_shown=True)


def share_bar(share: float | None, width: int = 100) -> str:
    """The length of a small in-table bar for a share from 0 to 1, in a 0..width box.

    Never shorter than 1 when the share is not zero, so a small share still shows.
    Text, as it goes straight into an SVG attribute.
    """
    if not share:
        return "0"
    return svg_text(max(1.0, min(1.0, share) * width))


# A year's calendar as one picture: a column a week, a row a weekday, a few paths (one
# per kind of day) instead of a table cell and its spans for each of 365 days. The
# numbers of each day are in the week-by-week table and its days.

CALENDAR_CELL = 12
CALENDAR_LEFT = 34
CALENDAR_TOP = 16


@dataclass
class CalendarMap:
    viewbox: str
    paths: list[tuple[str, str]]  # (css, path): the days of each kind
    months: list[Tick]  # a label over the first week of each month
    weekdays: list[tuple[str, str]]  # (y, label) for Monday, Wednesday and Friday


def calendar_map(weeks, weekday_labels: Sequence[str]) -> CalendarMap:
    """`weeks` from `diary.insights.trends.calendar`; `weekday_labels` the short names
    of Monday, Wednesday and Friday, the rows labelled."""
    size, gap = CALENDAR_CELL, 2
    kinds: dict[str, list[str]] = {}
    months = []
    for column, week in enumerate(weeks):
        x = CALENDAR_LEFT + column * size
        for row, cell in enumerate(week):
            if not cell.in_period:
                continue
            if cell.unusual:
                kind = "calendar-map__day calendar-map__day--unusual"
            elif cell.spasms:
                kind = "calendar-map__day calendar-map__day--spasms"
            else:
                kind = "calendar-map__day"
            y = CALENDAR_TOP + row * size
            kinds.setdefault(kind, []).append(f"M{x} {y}h{size - gap}v{size - gap}h-{size - gap}z")
            if cell.checked_in:
                centre = size / 2 - gap / 2
                kinds.setdefault("calendar-map__check", []).append(
                    f"M{svg_text(x + centre)} {svg_text(y + centre)}h0"
                )
            if cell.day.day == 1:
                months.append(Tick(svg_text(x), date_label(cell.day, "M"), cell.day, "start"))
    width = CALENDAR_LEFT + len(weeks) * size + 4
    height = CALENDAR_TOP + 7 * size + 2
    weekdays = [
        (svg_text(CALENDAR_TOP + row * size + size / 2), label)
        for row, label in zip((0, 2, 4), weekday_labels, strict=True)
    ]
    return CalendarMap(
        f"0 0 {width} {height}",
        [(css, "".join(parts)) for css, parts in sorted(kinds.items())],
        months,
        weekdays,
    )
