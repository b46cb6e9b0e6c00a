"""The tables under the daily charts, written out in Python for speed, print
exactly what the template filters they replace printed."""

from datetime import date, timedelta

from django.template import Context, Template
from django.utils import translation

from diary import charts
from diary.insights import Period
from diary.insights.spasms import Trend, TrendDay

FILTERS = Template(
    '{% load diary_tags %}{{ day|date:"D j M Y" }}|{{ rolling|number }}|'
    "{% if mean is None %}–{% else %}{{ mean|number }}{% endif %}"
)


def a_trend():
    first = date(2024, 12, 28)
    values = [
        (0, None, 0.0, None),
        (3, 4.3, 0.43, 4.3),
        (1, 7.0, 1.25, 5.5),  # 1.25 rounds half up, as floatformat does
        (12, 9.95, 2.35, 8.05),
        (2, 0.05, 10.0, 0.15),
    ]
    days = [
        TrendDay(first + timedelta(days=i), spasms, mean, rolling, rolling_mean)
        for i, (spasms, mean, rolling, rolling_mean) in enumerate(values)
    ]
    return Trend(period=Period(days[0].day, days[-1].day), days=days)


def test_each_row_prints_what_the_date_and_number_filters_print():
    trend = a_trend()

    with translation.override("en"):
        rows = charts.trend_table(trend)

    for day, row in zip(trend.days, rows, strict=True):
        context = {"day": day.day, "rolling": day.rolling_spasms, "mean": day.mean_intensity}
        expected = FILTERS.render(Context(context))
        assert f"{row.day}|{row.rolling_spasms}|{row.mean_intensity}" == expected
        assert row.spasms == day.spasms


def test_a_missing_mean_is_a_dash():
    rows = charts.trend_table(a_trend())

    assert rows[0].mean_intensity == "–"
    assert rows[0].rolling_intensity == "–"
    assert rows[1].rolling_intensity == "4.3"


def test_there_is_one_row_per_day_in_order():
    trend = a_trend()

    rows = charts.trend_table(trend)

    assert [row.day for row in rows][0] == "Sat 28 Dec 2024"
    assert len(rows) == len(trend.days)
