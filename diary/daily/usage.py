"""Catalogue items in the order a patient uses them: their own favourites first.

Usage is counted from the patient's own recent rows only (an indexed range of
one owner's entries), never by joining the catalogue against everyone's diary.
"""

from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Max, Value, When
from django.utils import timezone

from diary.models import BodyArea, Spasm, Technique, TechniqueSession, Trigger

RECENT_DAYS = 90


def _ranked(queryset, ranks):
    """Order `queryset` by `ranks` (pk -> position, lower first), then as usual."""
    if not ranks:
        return queryset
    position = Case(
        *[When(pk=pk, then=Value(rank)) for pk, rank in ranks.items()],
        default=Value(len(ranks)),
        output_field=IntegerField(),
    )
    return queryset.order_by(position, "order", "name")


def body_areas_recent_first(owner):
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    counts = (
        Spasm.objects.owned_by(owner)
        .filter(started_at__gte=since, body_areas__isnull=False)
        .values("body_areas")
        .annotate(uses=Count("id"))
        .order_by("-uses", "body_areas")
    )
    ranks = {row["body_areas"]: rank for rank, row in enumerate(counts)}
    return _ranked(BodyArea.objects.filter(is_active=True), ranks)


def techniques_recent_first(owner):
    last_used = (
        TechniqueSession.objects.owned_by(owner)
        .values("technique")
        .annotate(last=Max("started_at"))
        .order_by("-last")
    )
    ranks = {row["technique"]: rank for rank, row in enumerate(last_used)}
    return _ranked(Technique.objects.filter(is_active=True), ranks)


def triggers_for(owner):
    """The triggers a patient can choose from."""
    return Trigger.objects.filter(is_active=True)


def top_trigger(owner, since_day):
    """The trigger this patient noted most since a day, or None."""
    row = (
        Spasm.objects.owned_by(owner)
        .filter(local_date__gte=since_day, triggers__isnull=False)
        .values("triggers")
        .annotate(uses=Count("id"))
        .order_by("-uses", "triggers")
        .first()
    )
    return Trigger.objects.filter(pk=row["triggers"]).first() if row else None
