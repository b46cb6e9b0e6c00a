"""The one chart engine: geometry in Python, SVG in `templates/charts/`, for every screen.

The patient's insights and report and the clinician's summary draw their charts
with the same functions and the same templates:

- `geometry`: the scale (`nice_scale`), the canvas (`Frame`: `WIDE`, `STACKED`,
  `SMALL`), the x labels (`day_ticks`) and the builders `bar_chart`,
  `line_chart` and `category_chart`, each returning a `Chart`; `share_bar` for
  the small bars inside tables.
- `labels`: the dates and one-decimal numbers printed on charts and in their
  tables, as the template filters print them.
- `tables`: the rows of the tables under the patient's daily charts (by week for a
  long period, with each week's days).
- `from_insights`: the patient's figures (`diary.insights`) as charts.

Templates: `charts/chart.html` draws any `Chart` (with `charts/axes.html`),
`charts/legend.html` its legend, `charts/ranking_table.html` a ranked table
(body areas, triggers), `charts/calendar.html` the clinician's month grid.
Colours come from `static/css/charts.css`.
"""

from diary.charts.from_insights import intensity_chart, pattern_chart, spasms_per_day_chart
from diary.charts.geometry import (
    INTENSITY_SCALE,
    SMALL,
    STACKED,
    WIDE,
    Bar,
    Chart,
    Frame,
    Line,
    Series,
    Tick,
    bar_chart,
    calendar_map,
    category_chart,
    day_ticks,
    line_chart,
    nice_scale,
    share_bar,
    svg_text,
)
from diary.charts.labels import date_label, one_decimal, point_label
from diary.charts.tables import WEEKLY_FROM, trend_table, week_days, week_table

__all__ = [
    "INTENSITY_SCALE",
    "SMALL",
    "STACKED",
    "WIDE",
    "Bar",
    "Chart",
    "Frame",
    "Line",
    "Series",
    "Tick",
    "bar_chart",
    "calendar_map",
    "category_chart",
    "date_label",
    "day_ticks",
    "intensity_chart",
    "line_chart",
    "nice_scale",
    "one_decimal",
    "pattern_chart",
    "point_label",
    "share_bar",
    "spasms_per_day_chart",
    "svg_text",
    "trend_table",
    "week_days",
    "week_table",
    "WEEKLY_FROM",
]
