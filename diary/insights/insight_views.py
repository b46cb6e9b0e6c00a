"""The insights page and the appointment report: what the patient's own diary shows.

The insights page covers the last 30, 90 or 365 days; the report prints on one page
or two for a chosen period.

The patient opens their own; a clinician with an active share opens a patient's
with ?patient=<id> (found through diary.care.sharing, the clinicians' one door, and
written to the patient's access log). Anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext

from diary import charts, insights
from diary.care import sharing
from diary.charts import body_map
from diary.diary_version import cached_fragment
from diary.insights.acr import acr_figures
from diary.insights.delayed import delayed_effects
from diary.insights.medicine_effects import medicine_effects
from diary.insights.report_form import ReportPeriodForm
from diary.insights.trends import (
    TREND_NAMES,
    by_week,
    check_in_weeks,
    check_ins_by_day,
    patient_trends,
)
from diary.models import AccessDetail, AccessLog, CheckIn
from diary.validators import date_from_query, id_from_query

# The check-in answers in a chosen week's table of days, in the check-in charts' order.
WEEK_DAY_FIELDS = ("sleep_hours", "sleep_quality", "mood", "stress", "fatigue", "overall_pain")


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


def effect_figures(patient, period, figures: dict, trends: bool = False) -> dict:
    """Delayed effects and medicines (and, for the insights page, the check-in trends and
    the calendar), from the period's days the figures already read and one read of the
    period's check-ins."""
    days = figures["trend"].spasm_days
    check_ins = check_ins_by_day(CheckIn.objects.owned_by(patient), period)
    found = {
        "delayed_effects": delayed_effects(patient, period, days, check_ins),
        "medicine_effects": medicine_effects(patient, period, days),
    }
    if trends:
        found["patient_trends"] = patient_trends(patient, period, days, check_ins)
        found["check_ins_by_day"] = check_ins
    return found


def page_figures(patient, period, trends: bool = False) -> dict:
    """Every figure the page reads from the diary: cached (diary.diary_version) by the
    diary's version, so a write shows at once."""
    figures = insights.all_figures(patient, period)
    return {**figures, **effect_figures(patient, period, figures, trends=trends)}


def report_figures(patient, period) -> dict:
    return {
        **page_figures(patient, period),
        "medications": list(insights.current_medications(patient)),
        "acr": acr_figures(patient, period, insights.patient_today(patient)),
        "notes": insights.notes_to_discuss(patient, period),
    }


def chosen_week(request, period):
    """The week the reader chose (?week=, its first day) when it lies in the period, else
    None: so a made-up value neither fails nor makes a cache entry of its own."""
    day = date_from_query(request.GET.get("week"))
    if day is None or not period.first <= day <= period.last:
        return None
    return day


def weekly_figures(week, period, figures: dict) -> dict:
    """A long period's numbers week by week (diary.insights.trends.by_week and
    check_in_weeks), and the days of the `week` the reader chose (chosen_week) from the
    same rows as the daily tables (diary.charts.trend_table)."""
    if period.days < charts.WEEKLY_FROM:
        return {"weekly": False}
    trend = figures["trend"]
    by_day = figures["check_ins_by_day"]
    weeks = by_week(trend.spasm_days)
    rows = charts.week_table(weeks, check_in_weeks(by_day, weeks))
    chosen = next((row for row in rows if row.first_day == week), None)
    weekdays = [gettext("Mon"), gettext("Wed"), gettext("Fri")]
    found = {
        "weekly": True,
        "weeks": rows,
        "week": chosen,
        "calendar_map": charts.calendar_map(figures["patient_trends"].calendar, weekdays),
    }
    if chosen is not None:
        found["week_days"] = charts.week_days(
            trend, figures["trend_table"], by_day, chosen, WEEK_DAY_FIELDS
        )
        found["week_day_columns"] = [TREND_NAMES[name] for name in WEEK_DAY_FIELDS]
    return found


def insights_figures_html(request, period, days, week) -> str:
    figures = page_figures(request.user, period, trends=True)
    context = {**figure_context(figures), **figures, "period": period, "days": days}
    context.update(weekly_figures(week, period, context))
    return render_to_string("diary/includes/insights_figures.html", context, request)


@login_required
def insights_page(request):
    days = insights.insight_days(request.GET.get("days"))
    period = insights.Period.last_days(request.user, days)
    week = chosen_week(request, period)
    figures_html = cached_fragment(
        request.user,
        "insights",
        (days, period.first, period.last, week or ""),
        "patient",
        lambda: insights_figures_html(request, period, days, week),
    )
    context = {
        "figures_html": figures_html,
        "period": period,
        "days": days,
        "periods": insights.INSIGHT_PERIODS,
    }
    return render(request, "diary/insights.html", context)


def report_subject(request):
    """The patient whose report this is: the user, or a patient shared with them."""
    raw = request.GET.get("patient")
    if not raw or raw == str(request.user.pk):
        return request.user, False
    patient_id = id_from_query(raw)
    if patient_id is None:
        raise Http404
    patient = sharing.patients_visible_to(request.user).filter(pk=patient_id).first()
    if patient is None:
        raise Http404
    return patient, True


@login_required
def report(request):
    patient, as_clinician = report_subject(request)
    form = ReportPeriodForm(
        request.GET or None,
        today=insights.patient_today(patient),
        diary_start=insights.diary_start(patient),
    )
    period = form.period()
    figures_html = cached_fragment(
        patient,
        "report",
        (period.first, period.last),
        "clinician" if as_clinician else "patient",
        lambda: report_figures_html(request, patient, period, as_clinician),
    )
    if as_clinician:
        sharing.log_access(
            request.user,
            [patient],
            AccessLog.Action.SUMMARY,
            AccessDetail.report(period.first, period.last),
        )
    context = {
        "figures_html": figures_html,
        "patient": patient,
        "patient_name": sharing.display_name(patient),
        "as_clinician": as_clinician,
        "period": period,
        "form": form,
    }
    return render(request, "diary/report.html", context)


def report_figures_html(request, patient, period, as_clinician) -> str:
    figures = report_figures(patient, period)
    context = {**figure_context(figures), **figures, "period": period}
    context["as_clinician"] = as_clinician
    return render_to_string("diary/includes/report_figures.html", context, request)
