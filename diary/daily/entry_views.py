"""Log, edit and delete any kind of entry; the patient's medicine list; the
daily check-in. Every object comes through `own_or_404`."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from diary.access import own_or_404
from diary.clinical import patient_today
from diary.daily.entry_forms import MedicationForm
from diary.daily.entry_types import ENTRY_TYPES
from diary.daily.safety import check_in_safety_line, spasm_safety_line
from diary.daily.usage import techniques_recent_first
from diary.models import BodyArea, CheckIn, Medication
from diary.validators import id_from_query, slug_from_query


def _next_url(request, default):
    """Where to go after saving or deleting: a `next` on this site, else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def saved_to_day(entry, user, saved=None):
    """The saved message naming the day the entry went to, when that is not the
    patient's today (after midnight, "last night" goes to yesterday); else `saved`."""
    today = patient_today(user)
    day = entry.local_date
    if day == today:
        return saved
    words = date_format(
        day, "WEEKDAY_MONTH_DAY_FORMAT" if day.year == today.year else "WEEKDAY_DATE_FORMAT"
    )
    if day == today - timedelta(days=1):
        return _("Saved to yesterday, %(day)s.") % {"day": words}
    return _("Saved to %(day)s.") % {"day": words}


def _initial_from_query(request, entry_type):
    """Pre-fill from links like ?area=neck (or several: ?area=neck&area=left-hip),
    ?technique=stretching, ?medication=3.

    A value that cannot be a slug or an id is ignored, as if the link had none."""
    initial = {}
    areas = [slug for value in request.GET.getlist("area") if (slug := slug_from_query(value))]
    technique = slug_from_query(request.GET.get("technique"))
    medication = id_from_query(request.GET.get("medication"))
    if entry_type.slug == "spasms" and areas:
        initial["body_areas"] = list(BodyArea.objects.filter(slug__in=areas[:50]))
    if entry_type.slug == "techniques" and technique:
        initial["technique"] = techniques_recent_first(request.user).filter(slug=technique).first()
    if entry_type.slug == "doses" and medication:
        mine = Medication.objects.owned_by(request.user)
        initial["medication"] = mine.filter(pk=medication).first()
    return {key: value for key, value in initial.items() if value}


@login_required
def new_entry(request, entry_type):
    if entry_type.slug == "check-ins":
        return redirect("diary:check_in")
    if entry_type.slug == "doses" and not Medication.objects.owned_by(request.user).exists():
        messages.info(request, _("First add the medicine to your list."))
        return redirect("diary:medications")
    form = entry_type.form(
        request.POST or None, owner=request.user, initial=_initial_from_query(request, entry_type)
    )
    if request.method == "POST" and form.is_valid():
        entry, _created = form.save_once()
        if entry_type.slug == "spasms":
            return redirect(reverse("diary:dashboard") + f"?saved={entry.pk}#quick-log")
        messages.success(request, saved_to_day(entry, request.user, _("Saved.")))
        return redirect(_next_url(request, reverse("diary:dashboard")))
    return render(
        request,
        "diary/entry_form.html",
        {
            "form": form,
            "entry_type": entry_type,
            "title": entry_type.new_title,
            "next_url": _next_url(request, ""),
        },
    )


@login_required
def edit_entry(request, entry_type, pk):
    entry = own_or_404(entry_type.model, request.user, pk)
    form = entry_type.form(request.POST or None, owner=request.user, instance=entry)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, saved_to_day(saved, request.user, _("Your changes are saved.")))
        if entry_type.slug == "spasms" and (safety := spasm_safety_line(saved, request.user)):
            messages.info(request, safety)
        return redirect(_next_url(request, reverse("diary:history")))
    return render(
        request,
        "diary/entry_form.html",
        {
            "form": form,
            "entry_type": entry_type,
            "entry": entry,
            "title": entry_type.edit_title,
            "next_url": _next_url(request, ""),
        },
    )


@login_required
def delete_entry(request, entry_type, pk):
    entry = own_or_404(entry_type.model, request.user, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Deleted."))
        return redirect(_next_url(request, reverse("diary:history")))
    return render(
        request,
        "diary/entry_delete.html",
        {"entry": entry, "entry_type": entry_type, "next_url": _next_url(request, "")},
    )


def _chosen_day(request, today):
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except (TypeError, ValueError):
        return today
    return day if today - timedelta(days=366 * 10) <= day <= today else today


@login_required
def check_in(request):
    today = patient_today(request.user)
    day = _chosen_day(request, today)
    existing = CheckIn.objects.owned_by(request.user).filter(local_date=day).first()
    entry_type = ENTRY_TYPES["check-ins"]
    form = entry_type.form(request.POST or None, owner=request.user, instance=existing, day=day)
    if request.method == "POST" and form.is_valid():
        saved, _created = form.save_once()
        messages.success(
            request,
            saved_to_day(saved, request.user, _("Check-in saved. Thank you.")),
        )
        if safety := check_in_safety_line(saved, request.user):
            messages.info(request, safety)
        return redirect(_next_url(request, reverse("diary:dashboard")))
    return render(
        request,
        "diary/check_in.html",
        {"form": form, "day": day, "today": today, "entry": existing, "entry_type": entry_type},
    )


@login_required
def medications(request):
    form = MedicationForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid() and (medication := form.save_or_explain()):
        messages.success(request, _("%(name)s is on your list.") % {"name": medication.name})
        return redirect("diary:medications")
    listed = Medication.objects.owned_by(request.user).select_related("medication_class")
    return render(request, "diary/medications.html", {"form": form, "medications": listed})


@login_required
def edit_medication(request, pk):
    medication = own_or_404(Medication, request.user, pk)
    form = MedicationForm(request.POST or None, owner=request.user, instance=medication)
    if request.method == "POST" and form.is_valid() and form.save_or_explain():
        messages.success(request, _("Your changes are saved."))
        return redirect("diary:medications")
    return render(request, "diary/medication_form.html", {"form": form, "medication": medication})


@login_required
def delete_medication(request, pk):
    medication = own_or_404(Medication, request.user, pk)
    if request.method == "POST":
        medication.delete()
        messages.success(request, _("Removed from your list, with its doses."))
        return redirect("diary:medications")
    return render(request, "diary/medication_delete.html", {"medication": medication})
