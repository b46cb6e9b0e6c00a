"""The insights page: what the patient's own diary shows over 30, 90 or 365 days."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from diary import body_map, charts, insights


def figure_context(figures: dict) -> dict:
    """The figures plus what their templates draw with: chart geometry and the body map."""
    trend = figures["trend"]
    return {
        **figures,
        "spasms_chart": charts.spasms_per_day_chart(trend),
        "intensity_chart": charts.intensity_chart(trend),
        "trend_table": charts.trend_table(trend),
        "time_of_day_chart": charts.pattern_chart(figures["time_of_day"].slices),
        "day_of_week_chart": charts.pattern_chart(figures["day_of_week"].slices),
        "body_map": body_map.areas_for_map(
            insights.body_map_areas(), counts=figures["body_areas"].counts()
        ),
        "viewbox": body_map.VIEWBOX,
        "outlines": body_map.OUTLINES,
        "labels": body_map.LABELS,
    }


@login_required
def insights_page(request):
    days = insights.insight_days(request.GET.get("days"))
    period = insights.Period.last_days(request.user, days)
    figures = insights.all_figures(request.user, period)
    context = {
        **figure_context(figures),
        "period": period,
        "days": days,
        "periods": insights.INSIGHT_PERIODS,
    }
    return render(request, "diary/insights.html", context)
