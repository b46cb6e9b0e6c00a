"""The charts of the patient's figures (`diary.insights`), on insights and the report.

Each function turns one figure into a `Chart` with the generic builders of
`diary.charts.geometry`; the clinician's summary calls the same builders.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from diary.charts.geometry import WIDE, Chart, Series, bar_chart, category_chart, line_chart


def spasms_per_day_chart(trend) -> Chart:
    """Bars of spasms per day and a dashed line of the 7-day average."""
    days = [day.day for day in trend.days]
    rolling = Series(
        _("7-day average (dashed line)"),
        "rolling",
        [day.rolling_spasms for day in trend.days],
        marked=False,
    )
    return bar_chart(
        days,
        [day.spasms for day in trend.days],
        frame=WIDE,
        over=rolling,
        bar_name=_("spasms that day"),
    )


def intensity_chart(trend) -> Chart:
    """Dots of each day's mean intensity and a dashed 7-day line, on the 0-10 scale."""
    return line_chart(
        [day.day for day in trend.days],
        [
            Series(
                _("mean intensity that day"),
                "daily",
                [day.mean_intensity for day in trend.days],
                joined=False,
            ),
            Series(
                _("7-day mean (dashed line)"),
                "rolling",
                [day.rolling_intensity for day in trend.days],
                marked=False,
            ),
        ],
        frame=WIDE,
    )


def pattern_chart(slices) -> Chart:
    """The slices of a time-of-day or day-of-week pattern as labelled bars."""
    return category_chart([s.short_label for s in slices], [s.spasms for s in slices])
