"""The dates under a chart's x axis stay on the canvas: the last one ("1 Dec" on the
90- and 365-day charts) is not cut off at the right edge, in any language."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from diary import charts
from diary.charts.geometry import label_width


def days_up_to(last, count):
    return [last - timedelta(days=n) for n in range(count - 1, -1, -1)]


def label_extent(tick):
    """Where a tick's label starts and ends, in SVG units, from its anchor."""
    x, width = float(tick.x), label_width(tick.label)
    if tick.anchor == "end":
        return x - width, x
    if tick.anchor == "start":
        return x, x + width
    return x - width / 2, x + width / 2


FRAMES = {"wide": charts.WIDE, "stacked": charts.STACKED, "small": charts.SMALL}


@pytest.mark.parametrize("language", ["en", "es", "de"])
@pytest.mark.parametrize("frame", FRAMES.values(), ids=FRAMES.keys())
@pytest.mark.parametrize("count", [30, 90, 365])
@pytest.mark.parametrize("last", [date(2026, 12, 1), date(2026, 11, 30), date(2026, 9, 1)])
def test_every_date_under_the_axis_fits_inside_the_chart(language, frame, count, last):
    with translation.override(language):
        ticks = charts.day_ticks(frame, days_up_to(last, count))

    assert ticks
    for tick in ticks:
        start, end = label_extent(tick)
        assert start >= 0, tick
        assert end <= frame.width, tick


def test_the_first_of_the_month_on_the_last_day_ends_at_the_right_edge():
    with translation.override("en"):
        ticks = charts.day_ticks(charts.WIDE, days_up_to(date(2026, 12, 1), 90))

    last = ticks[-1]
    assert last.label == "1 Dec"
    assert last.anchor == "end"
    assert float(last.x) <= charts.WIDE.width


def test_a_date_in_the_middle_stays_centred_under_its_day():
    with translation.override("en"):
        ticks = charts.day_ticks(charts.WIDE, days_up_to(date(2026, 12, 1), 90))

    assert {tick.anchor for tick in ticks[:-1]} == {"middle"}


def test_the_chart_prints_each_labels_anchor():
    with translation.override("en"):
        chart = charts.bar_chart(days_up_to(date(2026, 12, 1), 90), [1] * 90, frame=charts.WIDE)
        svg = render_to_string("charts/axes.html", {"chart": chart, "frame": charts.WIDE})

    assert 'text-anchor="end">1 Dec</text>' in svg
    assert 'text-anchor="middle">1 Nov</text>' in svg
