"""Medicines and spasms: the weeks before a medicine and the weeks since, and days
with a dose against days without.

The diary's medicines have no start date, and adding one is a change of the data
(a migration) still to come; until then each medicine starts on its first logged
dose, and every page says "since your first logged dose", never "since you started".

- Before and since: spasms a day and their mean intensity in the
  `MEDICINE_WINDOW_DAYS` (4 weeks) before the first logged dose against the same
  length from that day on. The weeks before are cut to the diary's start (no data is
  never counted as no spasms), the weeks since to the period's last day.
- With and without a dose: for a medicine taken on some days of the period and not
  on others (taken as needed, or doses missed), spasms a day on the days a dose was
  taken against the other days of the period since its first logged dose.

Each side needs `diary.clinical.MIN_DAYS_TO_TELL` days. Three queries whatever the
size of the diary or the number of medicines (first doses, the spasms of every window
in one aggregate, the days of doses), and the period's spasms per day when the caller
does not already hold them. Patterns in the diary, not proof of a cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, FloatField, Min, Q

from diary import clinical
from diary.clinical import Period
from diary.insights.days import spasm_days
from diary.insights.start import diary_start
from diary.models import Dose, Spasm
from diary.shipped_names import medication_class_name


@dataclass
class Window:
    """Spasms in some days around a medicine's first logged dose."""

    days: Period
    spasms: int = 0
    mean_intensity: float | None = None

    @property
    def first(self) -> date:
        return self.days.first

    @property
    def last(self) -> date:
        return self.days.last

    @property
    def day_count(self) -> int:
        return self.days.days

    @property
    def per_day(self) -> float | None:
        return self.days.per_day(self.spasms)


@dataclass
class WithWithout:
    """Spasms on the days a dose was taken, and on the other days."""

    days: int
    spasms: int
    other_days: int
    other_spasms: int

    minimum = clinical.MIN_DAYS_TO_TELL

    @property
    def enough(self) -> bool:
        return self.days >= self.minimum and self.other_days >= self.minimum

    @property
    def per_day(self) -> float | None:
        return round(self.spasms / self.days, 1) if self.days else None

    @property
    def other_per_day(self) -> float | None:
        return round(self.other_spasms / self.other_days, 1) if self.other_days else None


@dataclass
class MedicineEffect:
    medication: str
    medication_class: str
    first_dose: date
    before: Window
    since: Window
    with_without: WithWithout | None  # None: taken every day of the period, or on none

    minimum = clinical.MIN_DAYS_TO_TELL

    @property
    def enough(self) -> bool:
        return self.before.day_count >= self.minimum and self.since.day_count >= self.minimum


@dataclass
class MedicineEffects:
    period: Period
    rows: list[MedicineEffect]

    minimum = clinical.MIN_DAYS_TO_TELL
    window_days = clinical.MEDICINE_WINDOW_DAYS

    @property
    def enough(self) -> bool:
        return bool(self.rows)

    @property
    def as_needed(self) -> list[MedicineEffect]:
        """The medicines taken on some days of the period and not on others."""
        return [row for row in self.rows if row.with_without is not None]


def windows(first_dose: date, started: date, last: date) -> tuple[Period, Period]:
    """The weeks before `first_dose` (from the diary's start, `started`) and the weeks
    from it on (up to `last`)."""
    length = clinical.MEDICINE_WINDOW_DAYS
    before = Period.between(
        first_dose - timedelta(days=length), first_dose - timedelta(days=1), started
    )
    since = Period.between(first_dose, min(first_dose + timedelta(days=length - 1), last))
    return before, since


def _window_counts(user, spans: dict, period: Period) -> dict:
    """Spasms and their mean intensity in each named span, in one aggregate."""
    sums = {}
    for key, span in spans.items():
        inside = Q(local_date__gte=span.first, local_date__lte=span.last)
        sums[f"{key}_n"] = Count("id", filter=inside)
        sums[f"{key}_mean"] = Avg("intensity", filter=inside, output_field=FloatField())
    # Always one query, medicines or none, so every diary costs the same.
    sums["all_n"] = Count("id")
    first = min((span.first for span in spans.values()), default=period.first)
    last = max((span.last for span in spans.values()), default=period.last)
    return Spasm.objects.owned_by(user).between(first, last).order_by().aggregate(**sums)


def _round(value):
    return None if value is None else round(float(value), 1)


def medicine_effects(user, period: Period, days=None) -> MedicineEffects:
    """Each medicine with a logged dose by the period's last day: spasms before and since
    its first logged dose, and, where it was taken on some days and not others, on days
    with a dose against days without. `days`: the period's `spasm_days`, if held."""
    started = period.diary_start or diary_start(user, period.last)
    medicines = list(
        Dose.objects.owned_by(user)
        .filter(local_date__lte=period.last)
        .order_by()
        .values(
            "medication_id",
            "medication__name",
            "medication__medication_class__slug",
            "medication__medication_class__name",
        )
        .annotate(first=Min("local_date"))
        .order_by("medication__name")
    )
    spans = {}
    for medicine in medicines:
        before, since = windows(medicine["first"], started, period.last)
        spans[f"m{medicine['medication_id']}_before"] = before
        spans[f"m{medicine['medication_id']}_since"] = since
    counts = _window_counts(user, spans, period)

    dose_days = {}
    rows = (
        Dose.objects.owned_by(user)
        .between(period.first, period.last)
        .order_by()
        .values_list("medication_id", "local_date")
        .distinct()
    )
    for medication_id, day in rows:
        dose_days.setdefault(medication_id, set()).add(day)
    if days is None:
        days = spasm_days(user, period)
    spasms = {day.day: day.spasms for day in days}

    effects = []
    for medicine in medicines:
        key = f"m{medicine['medication_id']}"
        effects.append(
            MedicineEffect(
                medication=medicine["medication__name"],
                medication_class=medication_class_name(
                    medicine["medication__medication_class__slug"],
                    medicine["medication__medication_class__name"],
                ),
                first_dose=medicine["first"],
                before=_window(spans[f"{key}_before"], counts, f"{key}_before"),
                since=_window(spans[f"{key}_since"], counts, f"{key}_since"),
                with_without=_with_without(
                    dose_days.get(medicine["medication_id"], set()),
                    medicine["first"],
                    period,
                    spasms,
                ),
            )
        )
    return MedicineEffects(period, effects)


def _window(span: Period, counts: dict, key: str) -> Window:
    if span.is_empty:
        return Window(span)
    return Window(span, counts.get(f"{key}_n") or 0, _round(counts.get(f"{key}_mean")))


def _with_without(taken: set, first_dose: date, period: Period, spasms: dict):
    """Days of the period from the first logged dose on, with a dose and without."""
    span = [day for day in period.each_day() if day >= first_dose]
    with_dose = [day for day in span if day in taken]
    without = [day for day in span if day not in taken]
    if not with_dose or not without:
        return None
    return WithWithout(
        days=len(with_dose),
        spasms=sum(spasms.get(day, 0) for day in with_dose),
        other_days=len(without),
        other_spasms=sum(spasms.get(day, 0) for day in without),
    )
