"""The history timeline: every kind of entry, newest first, grouped by day.

One UNION query picks the page of (kind, id) pairs in order, then one query per
kind fetches those rows, so a page costs the same whatever the diary's size.
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, F, Value

from diary.daily.entry_types import ENTRY_TYPES

PAGE_SIZE = 40
# No diary has this many pages (four million entries); a bigger ?page= is the last page.
MAX_PAGE = 100_000

RELATED = {
    "spasms": {"prefetch": ("body_areas", "triggers")},
    "doses": {"select": ("medication",)},
    "techniques": {"select": ("technique",)},
    "check-ins": {},
}


@dataclass
class HistoryFilter:
    kinds: tuple = tuple(ENTRY_TYPES)
    start: date | None = None
    end: date | None = None
    area: str = ""
    trigger: str = ""


@dataclass
class TimelineEntry:
    kind: str
    entry: object

    @property
    def entry_type(self):
        return ENTRY_TYPES[self.kind]


def _kind_queryset(kind, user, chosen):
    entry_type = ENTRY_TYPES[kind]
    queryset = entry_type.model.objects.owned_by(user)
    if chosen.start:
        queryset = queryset.filter(local_date__gte=chosen.start)
    if chosen.end:
        queryset = queryset.filter(local_date__lte=chosen.end)
    if chosen.area:
        queryset = queryset.filter(body_areas__slug=chosen.area)
    if chosen.trigger:
        queryset = queryset.filter(triggers__slug=chosen.trigger)
    return (
        queryset.order_by()
        .annotate(
            entry_kind=Value(kind, output_field=CharField()),
            entry_id=F("pk"),
            at=F(entry_type.model.moment_field),
            day=F("local_date"),
        )
        .values_list("entry_kind", "entry_id", "at", "day")
    )


def kinds_for(chosen):
    # Areas and triggers belong to spasms only; filtering by them shows spasms.
    if chosen.area or chosen.trigger:
        return [kind for kind in chosen.kinds if kind == "spasms"]
    return list(chosen.kinds)


class _CountedByKind:
    """The ordered union of all kinds, counted kind by kind for the paginator.

    Counting the UNION makes the database build it whole (on SQLite, 41 ms for a
    five-year diary); a COUNT per kind is read straight from an owner index, and
    the counts come back together in one query.
    """

    def __init__(self, ordered_union, parts):
        self.ordered_union = ordered_union
        self.parts = parts

    def count(self):
        counts = [
            part.values("entry_kind").annotate(n=Count("*")).values_list("n", flat=True)
            for part in self.parts
        ]
        combined = counts[0].union(*counts[1:], all=True) if len(counts) > 1 else counts[0]
        return sum(combined)

    def __getitem__(self, index):
        return self.ordered_union[index]


NEWEST_FIRST = ("-day", "-at", "-entry_id")


def _page_number(raw):
    """The page asked for: anything odd is page 1, anything huge the last page."""
    text = str(raw).strip() if raw is not None else ""
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return max(1, min(int(text), MAX_PAGE))


def timeline_page(user, chosen, page_number=1):
    """Return (page, days): the paginator page and [(day, [TimelineEntry…])…]."""
    page_number = _page_number(page_number)
    querysets = [_kind_queryset(kind, user, chosen) for kind in kinds_for(chosen)]
    if not querysets:
        paginator = Paginator([], PAGE_SIZE)
        return paginator.get_page(1), []
    parts = querysets
    if len(querysets) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL would read and sort every entry of every kind for each page; the
        # newest rows of each kind, as many as this page reaches, are enough, and each
        # kind's (owner, day) index hands them over in order. (SQLite finds this plan
        # by itself, and Django cannot slice its UNION's parts.)
        enough = page_number * PAGE_SIZE
        parts = [queryset.order_by(*NEWEST_FIRST)[:enough] for queryset in querysets]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    keys = _CountedByKind(combined.order_by(*NEWEST_FIRST), querysets)
    paginator = Paginator(keys, PAGE_SIZE)
    page = paginator.get_page(page_number)
    keys = list(page.object_list)

    rows = {}
    for kind in {key[0] for key in keys}:
        ids = [key[1] for key in keys if key[0] == kind]
        related = RELATED[kind]
        queryset = ENTRY_TYPES[kind].model.objects.owned_by(user).filter(pk__in=ids)
        if related.get("select"):
            # select_related() with no names would follow every foreign key (the owner too).
            queryset = queryset.select_related(*related["select"])
        queryset = queryset.prefetch_related(*related.get("prefetch", ()))
        rows.update({(kind, row.pk): row for row in queryset})

    entries = [
        (key[3], TimelineEntry(key[0], rows[(key[0], key[1])]))
        for key in keys
        if (key[0], key[1]) in rows
    ]
    days = [
        (day, [entry for _day, entry in group]) for day, group in groupby(entries, lambda e: e[0])
    ]
    return page, days
