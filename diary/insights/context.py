"""How spasms went alongside the daily check-in: sleep, stress and water.

These are side-by-side counts, not causes: "on nights you slept 4 hours or
less you had N spasms a day, on other days M".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from diary.charts import share_bar
from diary.clinical import HIGH_STRESS, MIN_DAYS_EACH_SIDE, SHORT_SLEEP_HOURS, Period
from diary.models import CheckIn, Spasm

FEW_GLASSES = 4


# The same conditions as a clinician reads them, in the third person (by key).
IN_THE_THIRD_PERSON = {
    "sleep": (_("On nights the patient slept 4 hours or less"), _("after longer nights")),
    "stress": (_("On days the patient's stress was 7 or more"), _("on calmer days")),
    "water": (
        _("On days the patient drank fewer than 4 glasses of water"),
        _("on days they drank more"),
    ),
}


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
    def their_when(self) -> str:
        return IN_THE_THIRD_PERSON[self.key][0]

    @property
    def their_otherwise(self) -> str:
        return IN_THE_THIRD_PERSON[self.key][1]

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

    Each check-in day of the period counts its own spasms through the spasms'
    (owner, day) index, then the days and their spasms are summed on each side.
    Days without a check-in, or where that answer was left blank, are left out.
    """
    conditions = _conditions()
    that_days_spasms = (
        Spasm.objects.filter(owner=OuterRef("owner"), local_date=OuterRef("local_date"))
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sums = {}
    for key, _when, _otherwise, matches, other in conditions:
        sums[f"{key}_days"] = Count("id", filter=matches)
        sums[f"{key}_other_days"] = Count("id", filter=other)
        sums[f"{key}_spasms"] = Sum("day_spasms", filter=matches, default=0)
        sums[f"{key}_other_spasms"] = Sum("day_spasms", filter=other, default=0)
    totals = (
        CheckIn.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .annotate(day_spasms=Coalesce(Subquery(that_days_spasms), 0))
        .aggregate(**sums)
    )
    return [
        Comparison(
            key=key,
            when=when,
            otherwise=otherwise,
            days=totals[f"{key}_days"],
            spasms=totals[f"{key}_spasms"],
            other_days=totals[f"{key}_other_days"],
            other_spasms=totals[f"{key}_other_spasms"],
        )
        for key, when, otherwise, _matches, _other in conditions
    ]
