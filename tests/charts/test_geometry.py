"""The one chart engine (diary.charts), tested directly: its scale, bars, lines,
ticks and labels, as the patient's pages and the clinician's summary both use them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from diary import charts
from diary.insights.spasms import Slice, Trend, TrendDay

FRAME = charts.WIDE


def days_from(first, count):
    return [first + timedelta(days=n) for n in range(count)]


MARCH = days_from(date(2025, 3, 3), 5)  # Monday 3 March onwards


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, (1, 1)), (3, (3, 1)), (7, (8, 2)), (10, (10, 5)), (37, (40, 10)), (0.4, (1, 1))],
)
def test_axes_end_on_a_round_number(value, expected):
    assert charts.nice_scale(value) == expected


def test_a_bar_chart_scales_to_a_round_top_and_marks_highlights():
    chart = charts.bar_chart(MARCH[:3], [0, 3, 7], [False, False, True], frame=FRAME)

    assert (chart.top, chart.step) == (8, 2)
    assert [line.label for line in chart.gridlines] == ["0", "2", "4", "6", "8"]
    tallest = chart.bars[-1]
    assert tallest.highlight and float(tallest.height) == pytest.approx(7 / 8 * FRAME.plot_height)
    assert tallest.css == "chart__bar chart__bar--unusual"


def test_a_day_without_spasms_has_no_bar_but_keeps_its_place():
    chart = charts.bar_chart(MARCH[:3], [0, 3, 7], frame=FRAME)

    assert [bar.value for bar in chart.bars] == [3, 7]
    assert chart.bars[0].centre == charts.svg_text(FRAME.x(1, 3))


def test_the_tallest_bar_reaches_the_top_of_the_plot():
    chart = charts.bar_chart(MARCH[:4], [0, 4, 2, 0], frame=FRAME)

    assert float(chart.bars[0].y) == FRAME.top
    assert float(chart.bars[0].height) == FRAME.plot_height
    assert [line.label for line in chart.gridlines] == ["0", "1", "2", "3", "4"]


def test_a_line_over_the_bars_shares_their_scale():
    over = charts.Series("average", "rolling", [1, 9, None, 2, 2], marked=False)

    chart = charts.bar_chart(MARCH, [2, 2, 2, 2, 2], frame=FRAME, over=over)

    assert chart.top == 10  # 9, the line's highest, is on the axis
    assert len(chart.lines[0].segments) == 2
    assert chart.lines[0].points == []  # not marked: no dots


def test_a_broken_line_is_drawn_as_one_path_that_moves_across_its_gaps():
    series = charts.Series("Stress", "stress", [2, 4, None, 6, 8, None, None, 3, 5])
    chart = charts.line_chart(days_from(date(2025, 3, 3), 9), [series], frame=charts.STACKED)

    html = render_to_string("charts/chart.html", {"chart": chart, "chart_id": "c", "title": "t"})

    assert html.count('class="chart__line"') == 1
    assert chart.lines[0].line_path.count("M") == 3


def test_the_gridlines_are_one_path():
    chart = charts.line_chart(
        MARCH, [charts.Series("Stress", "stress", [2, 4, 5, 6, 8])], frame=FRAME
    )

    html = render_to_string("charts/chart.html", {"chart": chart, "chart_id": "c", "title": "t"})

    assert html.count('class="chart__gridlines"') == 1
    assert "<line" not in html


def test_a_line_breaks_where_a_day_has_no_value():
    series = charts.Series("Stress", "stress", [2, 4, None, 6, 8])

    chart = charts.line_chart(MARCH, [series], frame=charts.STACKED)

    line = chart.lines[0]
    assert [segment.count(",") for segment in line.segments] == [2, 2]
    assert [point.value for point in line.points] == [2, 4, 6, 8]


def test_a_line_chart_keeps_the_0_to_10_scale():
    chart = charts.line_chart(MARCH[:1], [charts.Series("Pain", "mean", [1])], frame=FRAME)

    assert [line.label for line in chart.gridlines] == ["0", "2", "4", "6", "8", "10"]
    assert chart.y(10) == FRAME.top and chart.y(0) == FRAME.baseline


def test_a_lone_value_between_gaps_is_a_dot_but_no_line():
    chart = charts.line_chart(
        MARCH[:3], [charts.Series("Pain", "mean", [None, 5, None])], frame=FRAME
    )

    assert chart.lines[0].segments == [] and len(chart.lines[0].points) == 1
    assert not chart.is_empty


def test_a_chart_with_no_values_is_empty():
    bars = charts.bar_chart(MARCH, [0] * 5, frame=charts.STACKED)
    lines = charts.line_chart(MARCH, [charts.Series("Sleep", "sleep", [None] * 5)], frame=FRAME)

    assert bars.is_empty and lines.is_empty


def test_a_short_period_ticks_about_seven_days_ending_on_the_last():
    days = days_from(date(2025, 3, 1), 30)

    ticks = charts.day_ticks(FRAME, days)

    assert ticks[-1].day == days[-1]
    assert len(ticks) == 6
    gaps = [float(b.x) - float(a.x) for a, b in zip(ticks, ticks[1:], strict=False)]
    assert gaps == pytest.approx([gaps[0]] * len(gaps), abs=0.11)  # evenly spread


def test_a_long_period_ticks_the_first_of_each_month():
    days = days_from(date(2024, 1, 1), 366)

    ticks = charts.day_ticks(FRAME, days)

    assert all(tick.day.day == 1 for tick in ticks)
    assert len(ticks) == 12
    with translation.override("en"):
        assert charts.day_ticks(FRAME, days)[1].label == "1 Feb"


def test_bars_and_ticks_of_the_same_days_line_up():
    bars = charts.bar_chart(MARCH, [1, 2, 3, 4, 5], frame=charts.STACKED)
    lines = charts.line_chart(
        MARCH, [charts.Series("Mean", "mean", [1, 2, 3, 4, 5])], frame=charts.STACKED
    )

    centres = [bar.centre for bar in bars.bars]
    assert centres == [point.x for point in lines.lines[0].points]
    assert [tick.x for tick in bars.ticks] == [centres[n] for n in (0, 1, 2, 3, 4)]


def test_category_bars_carry_their_label_and_number():
    chart = charts.category_chart(["Mon", "Tue"], [3, 0])

    assert [(tick.label, bar.value) for tick, bar in zip(chart.ticks, chart.bars, strict=True)] == [
        ("Mon", 3),
        ("Tue", 0),
    ]
    assert chart.values_shown and chart.bars[1].height == "0"  # drawn flat: its 0 is printed
    assert [bar.label for bar in chart.bars] == ["Mon: 3", "Tue: 0"]


def test_a_pattern_is_drawn_as_category_bars():
    slices = [Slice(1, "Monday", "Mon", 3), Slice(2, "Tuesday", "Tue", 1)]

    chart = charts.pattern_chart(slices)

    assert [tick.label for tick in chart.ticks] == ["Mon", "Tue"]
    assert chart.frame == charts.SMALL


def a_trend(counts, rolling):
    days = days_from(date(2025, 3, 1), len(counts))
    return Trend(
        period=None,
        days=[
            TrendDay(day, count, 5.0 if count else None, average, 5.0 if average else None)
            for day, count, average in zip(days, counts, rolling, strict=True)
        ],
    )


def test_the_spasms_chart_is_bars_with_the_rolling_average_over_them():
    chart = charts.spasms_per_day_chart(a_trend([0, 4, 2, 0], [0, 1, 1.5, 1]))

    assert [bar.value for bar in chart.bars] == [4, 2]
    assert [line.css for line in chart.lines] == ["rolling"]
    assert chart.frame == charts.WIDE


def test_the_intensity_chart_is_dots_and_a_rolling_line():
    chart = charts.intensity_chart(a_trend([1, 1, 0, 1, 1], [2, 2, 0, 3, 3]))

    dots, rolling = chart.lines
    assert not dots.joined and len(dots.points) == 4
    assert rolling.joined and not rolling.marked and len(rolling.segments) == 2


FILTERS = Template('{% load diary_tags %}{{ day|date:"D j M" }}: {{ value|number }}')


@pytest.mark.parametrize("value", [0, 3, 6.25, 7.05, 9.95, 10.0, Decimal("7.5"), 1234.45])
def test_a_points_label_matches_the_date_and_number_filters(value):
    day = date(2025, 3, 3)

    with translation.override("en"):
        label = charts.point_label(day, value)
        expected = FILTERS.render(Context({"day": day, "value": value}))

    assert label == expected


def test_each_bar_and_point_carries_its_days_label():
    with translation.override("en"):
        bars = charts.bar_chart(MARCH[:2], [2, 0], frame=charts.STACKED)
        lines = charts.line_chart(
            MARCH[:2], [charts.Series("Pain", "pain", [4.25, None])], frame=charts.STACKED
        )

    assert [bar.label for bar in bars.bars] == ["Mon 3 Mar: 2"]
    assert [point.label for point in lines.lines[0].points] == ["Mon 3 Mar: 4.3"]


@pytest.mark.parametrize(("share", "length"), [(None, "0"), (0, "0"), (0.004, "1"), (0.5, "50")])
def test_share_bars_are_never_invisible_when_not_zero(share, length):
    assert charts.share_bar(share) == length


def test_marks_too_narrow_to_point_at_have_no_tooltip():
    year = days_from(date(2024, 1, 1), 365)
    series = charts.Series("Pain", "mean", [5] * 365)

    bars = charts.bar_chart(year, [1] * 365, frame=FRAME)
    lines = charts.line_chart(year, [series], frame=FRAME)

    assert {bar.label for bar in bars.bars} == {""}
    assert {point.label for point in lines.lines[0].points} == {""}


@pytest.mark.parametrize("frame", [charts.WIDE, charts.STACKED])
def test_ninety_days_are_too_narrow_to_point_at_on_a_phone(frame):
    ninety = days_from(date(2024, 1, 1), 90)

    chart = charts.bar_chart(ninety, [1] * 90, frame=frame)

    assert chart.dense
    assert {bar.label for bar in chart.bars} == {""}


@pytest.mark.parametrize("frame", [charts.WIDE, charts.STACKED])
def test_thirty_days_keep_a_tooltip_on_each_mark(frame):
    month = days_from(date(2024, 1, 1), 30)

    chart = charts.bar_chart(month, [1] * 30, frame=frame)

    assert not chart.dense
    assert "" not in {bar.label for bar in chart.bars}
