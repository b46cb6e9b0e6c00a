"""How spasms went alongside the daily check-in: sleep, stress and water.

These are side-by-side counts, not causes: "on nights you slept 4 hours or
less you had N spasms a day, on other days M".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from diary.charts import share_bar
from diary.insights.period import Period
from diary.models import CheckIn, Spasm

# Each side of a comparison needs at least this many days with a check-in.
MIN_DAYS_EACH_SIDE = 3

SHORT_SLEEP_HOURS = 4
HIGH_STRESS = 7
FEW_GLASSES = 4


@dataclass
class Comparison:
    key: str
    when: str  # "on nights you slept 4 hours or less"
    otherwise: str  # "on other days"
    days: int
    spasms: int
    other_days: int
    other_spasms: int

    @property
    def enough(self) -> bool:
        return self.days >= MIN_DAYS_EACH_SIDE and self.other_days >= MIN_DAYS_EACH_SIDE

    @property
    def per_day(self) -> float | None:
        return round(self.spasms / self.days, 1) if self.days else None

    @property
    def other_per_day(self) -> float | None:
        return round(self.other_spasms / self.other_days, 1) if self.other_days else None

    def _bar(self, value):
        highest = max(self.per_day or 0, self.other_per_day or 0)
        return share_bar(value / highest if highest and value else 0)

    @property
    def bar(self) -> str:
        return self._bar(self.per_day)

    @property
    def other_bar(self) -> str:
        return self._bar(self.other_per_day)


def _conditions():
    return (
        (
            "sleep",
            _("On nights you slept 4 hours or less"),
            _("after longer nights"),
            Q(sleep_hours__lte=SHORT_SLEEP_HOURS),
            Q(sleep_hours__gt=SHORT_SLEEP_HOURS),
        ),
        (
            "stress",
            _("On days your stress was 7 or more"),
            _("on calmer days"),
            Q(stress__gte=HIGH_STRESS),
            Q(stress__lt=HIGH_STRESS),
        ),
        (
            "water",
            _("On days you drank fewer than 4 glasses of water"),
            _("on days you drank more"),
            Q(water_glasses__lt=FEW_GLASSES),
            Q(water_glasses__gte=FEW_GLASSES),
        ),
    )


def context_links(user, period: Period) -> list[Comparison]:
    """Spasms a day on days with and without each condition, in two SQL queries.

    One counts the check-in days on each side; the other counts spasms, each
    looking up its own day's check-in (through the one-a-day unique index).
    Days without a check-in, or where that answer was left blank, are left out.
    """
    conditions = _conditions()
    day_counts = {}
    for key, _when, _otherwise, matches, other in conditions:
        day_counts[f"{key}_days"] = Count("id", filter=matches)
        day_counts[f"{key}_other_days"] = Count("id", filter=other)
    days = (
        CheckIn.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .aggregate(**day_counts)
    )

    def that_days(field):
        answer = (
            CheckIn.objects.owned_by(user)
            .filter(local_date=OuterRef("local_date"))
            .values(field)[:1]
        )
        return Subquery(answer, output_field=CheckIn._meta.get_field(field))

    spasm_counts = {}
    for key, _when, _otherwise, matches, other in conditions:
        spasm_counts[f"{key}_spasms"] = Count("id", filter=_on_spasm(matches))
        spasm_counts[f"{key}_other_spasms"] = Count("id", filter=_on_spasm(other))
    spasms = (
        Spasm.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .annotate(**{f"day_{name}": that_days(name) for name in CONTEXT_FIELDS})
        .aggregate(**spasm_counts)
    )
    return [
        Comparison(
            key=key,
            when=when,
            otherwise=otherwise,
            days=days[f"{key}_days"],
            spasms=spasms[f"{key}_spasms"],
            other_days=days[f"{key}_other_days"],
            other_spasms=spasms[f"{key}_other_spasms"],
        )
        for key, when, otherwise, _matches, _other in conditions
    ]


CONTEXT_FIELDS = ("sleep_hours", "stress", "water_glasses")


def _on_spasm(condition: Q) -> Q:
    """The same condition, asked of the check-in values annotated on each spasm."""
    ((lookup, value),) = condition.children
    return Q(**{f"day_{lookup}": value})
