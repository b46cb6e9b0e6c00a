"""Medicines: what the patient takes now, and the doses taken in a period."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from diary.clinical import Period
from diary.models import Dose, Medication
from diary.shipped_names import medication_class_name
from diary.validators import format_dose


@dataclass
class DoseUse:
    medication: str
    medication_class: str
    doses: int
    days: int  # days with at least one dose
    total: str  # "2400 mg", or "" when the doses were in different units


@dataclass
class DoseUses:
    rows: list[DoseUse]
    period: Period

    @property
    def enough(self) -> bool:
        return bool(self.rows)


def doses_per_medication(user, period: Period) -> DoseUses:
    """Doses taken of each medicine in the period, with the days taken and the total."""
    rows = (
        Dose.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .values(
            "medication_id",
            "medication__name",
            "medication__medication_class__slug",
            "medication__medication_class__name",
        )
        .annotate(
            doses=Count("id"),
            days=Count("local_date", distinct=True),
            units=Count("unit", distinct=True),
            unit=Max("unit"),
            amount=Sum("amount"),
        )
        .order_by("-doses", "medication__name")
    )
    return DoseUses(
        rows=[
            DoseUse(
                medication=row["medication__name"],
                medication_class=medication_class_name(
                    row["medication__medication_class__slug"],
                    row["medication__medication_class__name"],
                ),
                doses=row["doses"],
                days=row["days"],
                total=format_dose(row["amount"], row["unit"]) if row["units"] == 1 else "",
            )
            for row in rows
        ],
        period=period,
    )


def current_medications(user) -> list[dict]:
    """The medicines the patient marked as taken now, with their usual dose."""
    rows = (
        Medication.objects.owned_by(user)
        .filter(is_current=True)
        .order_by("name")
        .values(
            "name", "medication_class__slug", "medication_class__name", "usual_amount", "usual_unit"
        )
    )
    return [
        {
            "name": row["name"],
            "medication_class": medication_class_name(
                row["medication_class__slug"], row["medication_class__name"]
            ),
            "usual_dose": format_dose(row["usual_amount"], row["usual_unit"]),
        }
        for row in rows
    ]
