"""Each day of a period on its own: its spasms, their mean and worst, and whether the
day was unusual (diary.clinical's definition). The insights page and the report count
the unusual days from here; the clinician's summary draws its calendar, week table
and bars from the same days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, FloatField, Max

from diary import clinical
from diary.clinical import Period
from diary.models import BodyArea, Spasm
from diary.shipped_names import shown_name_of

ACR_AREAS = 19  # the areas of the ACR 2016 Widespread Pain Index


@dataclass
class Day:
    day: date
    spasms: int = 0
    mean_intensity: float | None = None
    worst: int | None = None
    unusual: bool = False


def spasm_days(user, period: Period) -> list[Day]:
    """Every day of the period with its spasms, mean and worst intensity; unusual days marked."""
    rows = (
        Spasm.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .values("local_date")
        .annotate(count=Count("pk"), mean=Avg("intensity", output_field=FloatField()))
        .annotate(worst=Max("intensity"))
    )
    found = {row["local_date"]: row for row in rows}
    days = []
    for day in period.each_day():
        row = found.get(day)
        if row is None:
            days.append(Day(day))
        else:
            days.append(Day(day, row["count"], row["mean"], row["worst"]))
    return mark_unusual(days)


def mark_unusual(days: list[Day]) -> list[Day]:
    """Mark the unusual days: a severe spasm, or a busy day for this period."""
    busy = clinical.busy_day_threshold(sum(day.spasms for day in days), len(days))
    for day in days:
        day.unusual = clinical.is_unusual_day(day.spasms, day.worst, busy)
    return days


def unusual_days(days: list[Day]) -> list[Day]:
    return [day for day in days if day.unusual]


def acr_areas(user, period: Period) -> list[str]:
    """The names of the 19 ACR areas with at least one spasm in the period (hands and
    feet are not among them), in catalogue order, as the reader reads them."""
    spasms = Spasm.objects.owned_by(user).between(period.first, period.last)
    areas = BodyArea.objects.filter(is_acr_area=True, spasm__in=spasms).distinct()
    rows = areas.order_by("order", "name").values_list("slug", "name")
    return [shown_name_of("bodyarea", slug, name) for slug, name in rows]
