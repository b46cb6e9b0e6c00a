"""The dashboard and its one-tap actions: quick spasm log, took my dose, the timer.

Each action works as a plain form post (redirect back to the dashboard with a
message) and, for htmx, answers with the dashboard's own partials.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Max, Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import get_text_list
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from diary.care import sharing
from diary.care.share_forms import with_reply_forms
from diary.charts import body_map
from diary.clinical import patient_today
from diary.daily import offline, schedules
from diary.daily.entry_forms import QuickDoseForm, QuickSpasmForm
from diary.daily.entry_views import saved_to_day
from diary.daily.glance import glance, recent_days, suggested_page
from diary.daily.usage import body_areas_recent_first, techniques_recent_first
from diary.diary_version import cached_fragment
from diary.models import Dose, Medication, Spasm, SpasmTimer
from diary.validators import id_from_query, slug_from_query
from education.models import Page

QUICK_TECHNIQUES = 4
MOST_AREAS = QuickSpasmForm.base_fields["area"].most
FEEDBACK_NOTES = 3


def chosen_from_query(query, areas):
    """The areas a link names (`?area=neck&area=left-hip`), in its order, each once;
    slugs that are not among `areas` (those on offer) are left out."""
    by_slug = {area.slug: area for area in areas}
    slugs = dict.fromkeys(slug_from_query(slug) for slug in query.getlist("area")[:MOST_AREAS])
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def areas_link(areas):
    """The quick log's link for a choice of areas (a plain link; htmx takes it too)."""
    return "?" + urlencode([("area", area.slug) for area in areas]) + "#quick-log"


def names_of(areas):
    """ "Neck, Left hip and Right hip": the chosen areas as a patient reads them."""
    return get_text_list([area.shown_name for area in areas], pgettext("list of areas", "and"))


def area_picker_html(request, ranked_areas) -> str:
    """The body map and the list of areas, in the order of the patient's recent use:
    cached under the diary's version and the hour (older spasms leave the ranking's
    window as time passes)."""

    def render_picker():
        areas = ranked_areas()
        context = {
            "areas": areas,
            "body_map": body_map.areas_for_map(
                areas, href=lambda area: f"?area={area.slug}#quick-log"
            ),
            "viewbox": body_map.VIEWBOX,
            "outlines": body_map.OUTLINES,
            "labels": body_map.LABELS,
        }
        return render_to_string("diary/includes/area_picker.html", context, request)

    hour = timezone.now().strftime("%Y-%m-%dT%H")
    return cached_fragment(request.user, "area-picker", (hour,), "patient", render_picker)


def quick_log_context(request, chosen=None, form=None, saved=None):
    user = request.user
    ranked_areas = functools.cache(lambda: list(body_areas_recent_first(user)))
    if chosen is None:
        chosen = chosen_from_query(request.GET, ranked_areas()) if "area" in request.GET else []
    if saved is None and (saved_id := id_from_query(request.GET.get("saved"))):
        saved = Spasm.objects.owned_by(user).filter(pk=saved_id).first()
    return {
        # No area chosen yet: the map and the list; one or more: the 0-10 step.
        "picker_html": "" if chosen else area_picker_html(request, ranked_areas),
        "chosen_areas": chosen,
        "chosen_names": names_of(chosen),
        # On the 0-10 step: add one more area, or take one off again.
        "add_links": [
            (area, areas_link([*chosen, area])) for area in ranked_areas() if area not in chosen
        ]
        if chosen
        else [],
        "remove_links": [
            (area, areas_link([other for other in chosen if other != area])) for area in chosen
        ]
        if len(chosen) > 1
        else [],
        "details_query": urlencode([("area", area.slug) for area in chosen]),
        "quick_form": form or QuickSpasmForm(owner=user),
        "saved_spasm": saved,
        # After midnight a spasm may go to yesterday: the saved message says so.
        "saved_to": saved_to_day(saved, user) if saved else None,
        "timer": SpasmTimer.objects.owned_by(user).first(),
        "intensities": range(11),
    }


def doses_context(request, form=None, saved=None):
    """The medicines panel: each current medicine with its next dose (one query for
    all), the dose just saved (with Undo), or the question a repeated dose asks."""
    user = request.user
    medications = list(Medication.objects.owned_by(user).filter(is_current=True))
    next_doses = schedules.next_doses(user, medications)
    for medication in medications:
        medication.next_dose = next_doses[medication.pk]
    if saved is None and (saved_id := id_from_query(request.GET.get("saved_dose"))):
        saved = Dose.objects.owned_by(user).select_related("medication").filter(pk=saved_id).first()
    asking = form if form is not None and form.repeats is not None else None
    return {
        "medications": medications,
        # The buttons carry a fresh token while a question waits: only "Yes" takes its own.
        "dose_form": form if form is not None and asking is None else QuickDoseForm(owner=user),
        "repeat_form": asking,
        "saved_dose": saved,
    }


def today_context(request):
    today = patient_today(request.user)
    at_a_glance = glance(request.user, today)
    return {"today": today, "glance": at_a_glance, "last_night": at_a_glance.last_night}


def dashboard_figures_html(request, today) -> str:
    """The techniques to log, the last 7 days and the page worth a read: all from the
    diary, so cached under its version for the day (and the guide as it stands, since
    a page may be edited, unpublished or added)."""

    def render_figures():
        context = {
            "techniques": techniques_recent_first(request.user)[:QUICK_TECHNIQUES],
            "strip": recent_days(request.user, today),
            "suggestion": suggested_page(request.user, today),
        }
        return render_to_string("diary/includes/dashboard_figures.html", context, request)

    # A page saved bumps its time; one hidden by `load_content` (an update()) does not.
    guide = Page.objects.aggregate(
        pages=Count("pk"),
        published=Count("pk", filter=Q(is_published=True)),
        edited=Max("updated_at"),
    )
    parts = (today, guide["pages"], guide["published"], guide["edited"])
    return cached_fragment(request.user, "dashboard", parts, "patient", render_figures)


def dashboard_context(request, quick_log=None, reply_form=None):
    today = patient_today(request.user)
    return {
        **today_context(request),
        **(quick_log or quick_log_context(request)),
        **doses_context(request),
        "figures_html": dashboard_figures_html(request, today),
        "clinician_feedback": with_reply_forms(
            sharing.feedback_for(request.user)[:FEEDBACK_NOTES], "dashboard", reply_form
        ),
    }


@login_required
def dashboard(request):
    if request.htmx and request.htmx.target == "quick-log":
        return render(request, "diary/dashboard.html#quick-log", quick_log_context(request))
    return render(request, "diary/dashboard.html", dashboard_context(request))


@login_required
@require_POST
def quick_spasm(request):
    form = QuickSpasmForm(request.POST, owner=request.user)
    if not form.is_valid():
        context = quick_log_context(request, chosen=form.chosen_areas(), form=form)
        if request.htmx:
            # htmx swaps only successful answers, so the errors come back as a 200.
            return render(request, "diary/dashboard.html#quick-log", context)
        return render(
            request, "diary/dashboard.html", dashboard_context(request, context), status=422
        )

    with transaction.atomic():
        timer = SpasmTimer.objects.owned_by(request.user).filter(stopped_at__isnull=False).first()
        if timer is not None:
            # A timed spasm: its start and length come from the timer.
            form.instance.started_at = timer.started_at
            form.instance.duration_seconds = timer.duration_seconds
        spasm, created = form.save_once()
        if timer is not None and created:
            timer.delete()

    if request.htmx:
        context = {
            **quick_log_context(request, saved=spasm),
            **today_context(request),
        }
        return render(request, "diary/dashboard.html#quick-log-saved", context)
    return redirect(reverse("diary:dashboard") + f"?saved={spasm.pk}#quick-log")


@login_required
@require_POST
def quick_dose(request):
    # A dose kept on the device while offline was tapped then: it is saved, not asked about.
    form = QuickDoseForm(
        request.POST, owner=request.user, asks_before_repeat=not offline.is_kept_entry(request)
    )
    saved = None
    if form.is_valid():
        saved, _created = form.save_once()
        form = None
    if request.htmx:
        context = {**doses_context(request, form=form, saved=saved), **today_context(request)}
        return render(request, "diary/dashboard.html#doses-saved", context)
    if saved is None:
        # The question, or the error beside the medicines; nothing saved (and a queue
        # resending a kept dose must not take a redirect for a save).
        context = {**dashboard_context(request), **doses_context(request, form=form)}
        status = 200 if form.repeats is not None else 422
        return render(request, "diary/dashboard.html", context, status=status)
    if other_day := saved_to_day(saved, request.user):
        messages.info(request, other_day)
    return redirect(reverse("diary:dashboard") + f"?saved_dose={saved.pk}#doses")


@login_required
@require_POST
def timer_start(request):
    SpasmTimer.objects.update_or_create(
        owner=request.user, defaults={"started_at": timezone.now(), "stopped_at": None}
    )
    return timer_response(request)


@login_required
@require_POST
def timer_stop(request):
    SpasmTimer.objects.owned_by(request.user).filter(stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    )
    return timer_response(request)


@login_required
@require_POST
def timer_cancel(request):
    SpasmTimer.objects.owned_by(request.user).delete()
    return timer_response(request)


def timer_response(request):
    if request.htmx:
        return render(request, "diary/dashboard.html#quick-log", quick_log_context(request))
    return redirect("diary:dashboard")
