"""The appointment report: one printable page for a chosen period.

The patient opens their own; a clinician with an active share opens a patient's
with ?patient=<id> (found through diary.sharing, the clinicians' one door, and
written to the patient's access log). Anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from diary import insights, sharing
from diary.forms.data import ReportPeriodForm
from diary.models import AccessLog
from diary.views.insights import figure_context


def report_subject(request):
    """The patient whose report this is: the user, or a patient shared with them."""
    raw = request.GET.get("patient")
    if not raw or raw == str(request.user.pk):
        return request.user, False
    if not raw.isdigit():
        raise Http404
    patient = sharing.patients_visible_to(request.user).filter(pk=raw).first()
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
    figures = insights.all_figures(patient, period)
    if as_clinician:
        sharing.log_access(
            request.user,
            [patient],
            AccessLog.Action.SUMMARY,
            _("Appointment report, %(first)s to %(last)s")
            % {"first": period.first.isoformat(), "last": period.last.isoformat()},
        )
    context = {
        **figure_context(figures),
        "patient": patient,
        "as_clinician": as_clinician,
        "period": period,
        "form": form,
        "medications": insights.current_medications(patient),
        "notes": insights.notes_to_discuss(patient, period),
    }
    return render(request, "diary/report.html", context)
