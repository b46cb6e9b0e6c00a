"""Catalogue items in the order a patient uses them: their own favourites first.

Usage is counted from the patient's own recent rows only (an indexed range of
one owner's entries), never by joining the catalogue against everyone's diary.

`triggers_for` and `techniques_recent_first` are the one answer to "what may
this patient choose": the shipped items still offered and the patient's own,
never another patient's. `keeping` adds items an entry being edited already
names (one the host or the patient has since stopped offering), so saving the
entry again never drops them.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Count, IntegerField, Max, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from diary.models import BodyArea, Spasm, Technique, TechniqueSession, Trigger

RECENT_DAYS = 90


def _ranked(queryset, ranks):
    """Order `queryset` by `ranks` (pk -> position, lower first), then as usual."""
    if not ranks:
        return queryset
    # One "CASE id WHEN … END" with parameters: the same order as Case(When(pk=…)), whose
    # Q per item costs Django about 5 ms to compile for a catalogue of 20-odd items.
    quote = connection.ops.quote_name
    column = f"{quote(queryset.model._meta.db_table)}.{quote(queryset.model._meta.pk.column)}"
    whens = " ".join(["WHEN %s THEN %s"] * len(ranks))
    params = [value for pk, rank in ranks.items() for value in (pk, rank)]
    position = RawSQL(
        f"CASE {column} {whens} ELSE %s END",  # names and placeholders only
        [*params, len(ranks)],
        output_field=IntegerField(),
    )
    return queryset.order_by(position, "order", "name")


def body_areas_recent_first(owner):
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = Spasm.objects.owned_by(owner).filter(started_at__gte=since).values("id")
    # The patient's recent spasms first, then their links (diary.models.lookups).
    counts = (
        Spasm.body_areas.through.objects.filter(spasm__among=recent)
        .values("bodyarea")
        .annotate(uses=Count("id"))
        .order_by("-uses", "bodyarea")
    )
    ranks = {row["bodyarea"]: rank for rank, row in enumerate(counts)}
    return _ranked(BodyArea.objects.filter(is_active=True), ranks)


def _offered(model, owner, keeping=()):
    """Shipped items still offered and the owner's own; and those of `keeping` (pks)
    the owner may name (shipped, or their own), offered or not."""
    keeping = [pk for pk in keeping if pk is not None]
    if not keeping:
        return model.objects.offered_to(owner)
    return model.objects.known_to(owner).filter(Q(is_active=True) | Q(pk__in=keeping))


def techniques_recent_first(owner, keeping=()):
    last_used = (
        TechniqueSession.objects.owned_by(owner)
        .values("technique")
        .annotate(last=Max("started_at"))
        .order_by("-last")
    )
    ranks = {row["technique"]: rank for rank, row in enumerate(last_used)}
    return _ranked(_offered(Technique, owner, keeping), ranks)


def triggers_for(owner, keeping=()):
    """The triggers a patient can choose from: the shipped ones and their own."""
    return _offered(Trigger, owner, keeping)


def top_trigger(owner, since_day):
    """The trigger this patient noted most since a day, or None."""
    since = Spasm.objects.owned_by(owner).filter(local_date__gte=since_day).values("id")
    row = (
        Spasm.triggers.through.objects.filter(spasm__among=since)
        .values("trigger")
        .annotate(uses=Count("id"))
        .order_by("-uses", "trigger")
        .first()
    )
    return Trigger.objects.known_to(owner).filter(pk=row["trigger"]).first() if row else None
