"""The summary's chart tooltips, written in Python for speed, say what the template
filters they replace said."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from diary.clinician import charts

FILTERS = Template(
    "{% load l10n %}{% localize off %}"
    '{{ day|date:"D j M" }}: {{ value|floatformat:"1u" }}'
    "{% endlocalize %}"
)


@pytest.mark.parametrize("value", [0, 3, 6.25, 7.05, 9.95, 10.0, Decimal("7.5"), 1234.45])
def test_a_points_label_matches_the_date_and_floatformat_filters(value):
    day = date(2025, 3, 3)

    with translation.override("en"):
        label = charts.point_label(day, value, "en")
        expected = FILTERS.render(Context({"day": day, "value": value}))

    assert label == expected


def test_each_bar_carries_its_days_label():
    days = [date(2025, 3, 3), date(2025, 3, 4)]

    with translation.override("en"):
        chart = charts.bar_chart(days, [2, 0])

    assert [bar.day_label for bar in chart.bars] == ["Mon 3 Mar", "Tue 4 Mar"]


def test_each_point_of_a_line_chart_carries_its_label():
    days = [date(2025, 3, 3), date(2025, 3, 4)]
    series = type("Series", (), {"name": "Pain", "css": "pain", "values": [4.25, None]})

    chart = charts.line_chart(days, [series])

    assert [point.label for point in chart.lines[0].points] == ["Mon 3 Mar: 4.3"]
