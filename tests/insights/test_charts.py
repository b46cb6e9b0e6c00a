from datetime import date

import pytest

from diary import charts
from diary.insights import Period
from diary.insights.spasms import Slice, Trend, TrendDay


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, (1, 1)), (3, (3, 1)), (7, (8, 2)), (10, (10, 5)), (37, (40, 10)), (0.4, (1, 1))],
)
def test_axes_end_on_a_round_number(value, expected):
    assert charts.nice_ceiling(value) == expected


def trend(values, rolling):
    days = [date(2025, 3, 1 + i) for i in range(len(values))]
    return Trend(
        period=Period(days[0], days[-1]),
        days=[
            TrendDay(day, count, 5.0 if count else None, avg, 5.0 if avg else None)
            for day, count, avg in zip(days, values, rolling, strict=True)
        ],
    )


def test_the_daily_chart_draws_a_bar_for_each_day_with_spasms():
    chart = charts.spasms_per_day_chart(trend([0, 4, 2, 0], [0, 1, 1.5, 1]))

    assert [bar.value for bar in chart.bars] == [4, 2]
    # The tallest bar reaches the top of the axis (4 -> axis top 4).
    frame = chart.frame
    assert float(chart.bars[0].y) == frame.top
    assert float(chart.bars[0].height) == frame.plot_height
    assert [line.label for line in chart.gridlines] == ["0", "1", "2", "3", "4"]


def test_the_rolling_line_breaks_where_there_is_no_value():
    chart = charts.intensity_chart(trend([1, 1, 0, 1, 1], [2, 2, 0, 3, 3]))

    assert len(chart.lines) == 2
    assert all(len(points.split(" ")) == 2 for points in chart.lines)
    assert len(chart.dots) == 4


def test_the_intensity_chart_keeps_the_0_to_10_scale():
    chart = charts.intensity_chart(trend([1], [1]))

    assert [line.label for line in chart.gridlines] == ["0", "2", "4", "6", "8", "10"]


def test_a_long_period_ticks_the_first_of_each_month():
    days = [date(2024, 1, 1)]
    while len(days) < 366:
        days.append(date.fromordinal(days[-1].toordinal() + 1))
    long = Trend(Period(days[0], days[-1]), [TrendDay(d, 0, None, 0, None) for d in days])

    ticks = charts.spasms_per_day_chart(long).ticks

    assert all(tick.day.day == 1 for tick in ticks)
    assert len(ticks) == 12


def test_category_bars_carry_their_label_and_number():
    slices = [Slice(1, "Monday", "Mon", 3), Slice(2, "Tuesday", "Tue", 0)]

    chart = charts.category_chart(slices)

    assert [(bar.label, bar.value) for bar in chart.bars] == [("Mon", 3), ("Tue", 0)]
    assert float(chart.bars[1].height) == 0


@pytest.mark.parametrize(("share", "length"), [(None, "0"), (0, "0"), (0.004, "1"), (0.5, "50")])
def test_share_bars_are_never_invisible_when_not_zero(share, length):
    assert charts.share_bar(share) == length
