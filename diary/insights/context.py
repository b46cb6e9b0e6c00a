"""How spasms went alongside the daily check-in: sleep, stress and water.

These are side-by-side counts, not causes: "on nights you slept 4 hours or
less you had N spasms a day, on other days M".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
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
    """Spasms a day on days with and without each condition, in one SQL query.

    Each check-in is joined to the number of spasms on the same diary day; days
    without a check-in, or where that answer was left blank, are left out.
    """
    spasms_that_day = (
        Spasm.objects.owned_by(user)
        .filter(local_date=OuterRef("local_date"))
        .order_by()
        .values("local_date")
        .annotate(count=Count("id"))
        .values("count")
    )
    check_ins = (
        CheckIn.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .annotate(
            day_spasms=Coalesce(Subquery(spasms_that_day, output_field=IntegerField()), Value(0))
        )
    )
    aggregates = {}
    conditions = _conditions()
    for key, _when, _otherwise, matches, other in conditions:
        aggregates[f"{key}_days"] = Count("id", filter=matches)
        aggregates[f"{key}_spasms"] = Sum("day_spasms", filter=matches)
        aggregates[f"{key}_other_days"] = Count("id", filter=other)
        aggregates[f"{key}_other_spasms"] = Sum("day_spasms", filter=other)
    totals = check_ins.aggregate(**aggregates)
    return [
        Comparison(
            key=key,
            when=when,
            otherwise=otherwise,
            days=totals[f"{key}_days"],
            spasms=totals[f"{key}_spasms"] or 0,
            other_days=totals[f"{key}_other_days"],
            other_spasms=totals[f"{key}_other_spasms"] or 0,
        )
        for key, when, otherwise, _matches, _other in conditions
    ]
