"""The patient's symptom check (/diary/symptom-check/): the form, their answers over
time, and deleting one. Every check comes through `own_or_404` or `owned_by`."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from diary.access import own_or_404
from diary.clinical import Period, patient_today
from diary.daily.symptom_check_forms import STEPS, SymptomCheckForm
from diary.insights.acr import SOURCE, symptom_check_trend
from diary.models import SymptomCheck

TREND_DAYS = 365


def _chosen_day(request, today):
    """The ?date= of a check to change (within the last year), else today."""
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except (TypeError, ValueError):
        return today
    return day if today - timedelta(days=TREND_DAYS) <= day <= today else today


@login_required
def symptom_check(request):
    today = patient_today(request.user)
    day = _chosen_day(request, today)
    existing = SymptomCheck.objects.owned_by(request.user).filter(local_date=day).first()
    form = SymptomCheckForm(request.POST or None, owner=request.user, instance=existing, day=day)
    if request.method == "POST" and form.is_valid():
        form.save_once()
        messages.success(request, _("Your symptom check is saved. Thank you."))
        return redirect(reverse("diary:symptom_check") + "#your-answers")
    trend = symptom_check_trend(request.user, Period.last_days(request.user, TREND_DAYS))
    return render(
        request,
        "diary/symptom_check.html",
        {
            "form": form,
            "day": day,
            "today": today,
            "entry": existing,
            "trend": trend,
            "steps": STEPS,
            "source": SOURCE,
        },
    )


@login_required
def delete_symptom_check(request, pk):
    check = own_or_404(SymptomCheck, request.user, pk)
    if request.method == "POST":
        check.delete()
        messages.success(request, _("Deleted."))
        return redirect("diary:symptom_check")
    return render(request, "diary/symptom_check_delete.html", {"entry": check})
