"""Flare mode: one screen for the worst moments, with big targets and few words.

"Same as last time" repeats the last spasm's areas and kind, then one tap on a
number saves it. Every save goes through the dashboard's own QuickSpasmForm, so
the once-only token, the day after midnight and the entry limit behave the same.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse

from diary.daily.entry_forms import QuickSpasmForm
from diary.daily.entry_views import saved_to_day
from diary.models import BodyArea, Spasm
from diary.validators import id_from_query, slug_from_query

MOST_USED_AREAS = 6
# Offered before a patient has logged anything: where spasms are most common.
DEFAULT_AREA_SLUGS = (
    "neck",
    "lower-back",
    "left-shoulder-girdle",
    "right-shoulder-girdle",
    "upper-back",
    "left-lower-leg",
)


def most_used_areas(owner, limit=MOST_USED_AREAS):
    """The areas this patient logs most, ties in the catalogue's order; the shipped
    defaults when they have logged none."""
    used = list(
        BodyArea.objects.filter(is_active=True, spasm__owner=owner)
        .annotate(uses=Count("spasm"))
        .order_by("-uses", "order", "name")[:limit]
    )
    if used:
        return used
    defaults = BodyArea.objects.filter(is_active=True, slug__in=DEFAULT_AREA_SLUGS)
    return sorted(defaults, key=lambda area: DEFAULT_AREA_SLUGS.index(area.slug))


def last_spasm(owner):
    """The latest spasm with at least one area still offered, or None."""
    return (
        Spasm.objects.owned_by(owner)
        .filter(body_areas__is_active=True)
        .order_by("-started_at", "-pk")
        .first()
    )


def repeated_areas(spasm):
    return list(spasm.body_areas.filter(is_active=True).order_by("order", "name"))


def flare_context(request, form=None, chosen_area=None, repeat=None):
    user = request.user
    saved = None
    if saved_id := id_from_query(request.GET.get("saved")):
        saved = Spasm.objects.owned_by(user).filter(pk=saved_id).first()
    if chosen_area is None and repeat is None:
        if area_slug := slug_from_query(request.GET.get("area")):
            chosen_area = BodyArea.objects.filter(slug=area_slug, is_active=True).first()
        elif request.GET.get("same"):
            repeat = last_spasm(user)
    last = last_spasm(user)
    return {
        "form": form or QuickSpasmForm(owner=user),
        "chosen_area": chosen_area,
        "repeat": repeat,
        "repeat_areas": repeated_areas(repeat) if repeat else [],
        "last": last,
        "last_areas": repeated_areas(last) if last else [],
        "areas": most_used_areas(user),
        "intensities": range(11),
        "saved_spasm": saved,
        "saved_to": saved_to_day(saved, user) if saved else None,
    }


@login_required
def flare(request):
    if request.method != "POST":
        return render(request, "diary/flare.html", flare_context(request))

    repeat = None
    data = request.POST.copy()
    if repeat_id := id_from_query(request.POST.get("repeat")):
        repeat = Spasm.objects.owned_by(request.user).filter(pk=repeat_id).first()
        # The form takes the last spasm's areas; its kind is copied after it saves.
        data.setlist("area", [area.slug for area in repeated_areas(repeat)] if repeat else [])
    form = QuickSpasmForm(data, owner=request.user)
    if not form.is_valid():
        chosen = form.chosen_areas()
        context = flare_context(
            request, form=form, chosen_area=chosen[0] if chosen else None, repeat=repeat
        )
        return render(request, "diary/flare.html", context, status=422)

    with transaction.atomic():
        spasm, created = form.save_once()
        if created and repeat is not None:
            Spasm.objects.filter(pk=spasm.pk).update(kind=repeat.kind)
    return redirect(reverse("diary:flare") + f"?saved={spasm.pk}")
