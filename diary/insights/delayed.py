"""Delayed effects: spasms on the same day, the next day and the day after a poor night,
a stressful day or a day of overdoing it.

Patients describe a crash one or two days after a hard day, so each of the three is
compared at lags 0, 1 and 2 (`diary.clinical.DELAYED_LAGS`): the mean number of
spasms on the days `lag` days after a day with it, against the mean after a day
without it, with the number of days behind each side. Under
`diary.clinical.MIN_DAYS_TO_TELL` days on either side it is "too few days to tell".

- Poor sleep: a check-in with `SHORT_SLEEP_HOURS` hours or less, or a sleep quality
  of `POOR_SLEEP_QUALITY` or less; a day "without" is a check-in that answered at
  least one of the two and neither was poor. Days without those answers are left out.
- High stress: a check-in with stress `HIGH_STRESS` or more; without: stress below it.
- Overdoing it: the check-in asks nothing about exertion, so a day counts when a spasm
  named the shipped trigger `EXERTION_TRIGGER`; every other day of the diary is a day
  without. Such a day always has a spasm, so its same-day comparison would say nothing
  and is not made.

Both the day and the day `lag` after it lie in the period, which starts no earlier
than the diary (`diary.clinical.Period`). Three queries whatever the size of the diary
(spasms per day, check-ins per day, the days of overdoing it), fewer when the caller
already holds the first two; the rest is arithmetic on at most one row per day.
These are patterns in the diary, not proof of a cause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from diary import clinical
from diary.clinical import Period
from diary.insights.days import spasm_days
from diary.insights.start import diary_start
from diary.insights.trends import check_ins_by_day
from diary.models import CheckIn, Spasm

# What each comparison is about, for the patient and for a clinician (by key), with
# diary.clinical's thresholds filled in when read.
EXPOSURES = {
    "sleep": (
        _("Poor sleep"),
        _("a night of %(hours)s hours' sleep or less, or sleep quality of %(quality)s or less"),
        _("a night of %(hours)s hours' sleep or less, or sleep quality of %(quality)s or less"),
    ),
    "stress": (
        _("High stress"),
        _("a day your stress was %(stress)s or more"),
        _("a day the patient's stress was %(stress)s or more"),
    ),
    "exertion": (
        _("Overdoing it"),
        _("a day you named “Overdoing it” as a trigger"),
        _("a day the patient named “Overdoing it” as a trigger"),
    ),
}


def _thresholds() -> dict:
    return {
        "hours": clinical.SHORT_SLEEP_HOURS,
        "quality": clinical.POOR_SLEEP_QUALITY,
        "stress": clinical.HIGH_STRESS,
    }


LAG_WORDS = {0: _("the same day"), 1: _("the next day"), 2: _("2 days later")}


@dataclass
class Lag:
    """Spasms `lag` days after days with the exposure, and after days without it."""

    lag: int
    days: int = 0
    spasms: int = 0
    other_days: int = 0
    other_spasms: int = 0
    made: bool = True  # False: a comparison that cannot say anything (overdoing it, lag 0)

    minimum = clinical.MIN_DAYS_TO_TELL

    @property
    def words(self) -> str:
        return LAG_WORDS[self.lag]

    @property
    def enough(self) -> bool:
        return self.made and self.days >= self.minimum and self.other_days >= self.minimum

    @property
    def per_day(self) -> float | None:
        return round(self.spasms / self.days, 1) if self.days else None

    @property
    def other_per_day(self) -> float | None:
        return round(self.other_spasms / self.other_days, 1) if self.other_days else None


@dataclass
class DelayedEffect:
    key: str  # "sleep", "stress" or "exertion": a stable key
    lags: list[Lag] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(EXPOSURES[self.key][0])

    @property
    def when(self) -> str:
        return str(EXPOSURES[self.key][1]) % _thresholds()

    @property
    def their_when(self) -> str:
        return str(EXPOSURES[self.key][2]) % _thresholds()

    @property
    def enough(self) -> bool:
        return any(lag.enough for lag in self.lags)


@dataclass
class DelayedEffects:
    period: Period
    effects: list[DelayedEffect]

    minimum = clinical.MIN_DAYS_TO_TELL

    @property
    def enough(self) -> bool:
        return any(effect.enough for effect in self.effects)


def poor_sleep(answers: dict) -> bool | None:
    """Was the night poor (True), not poor (False), or not answered (None)?"""
    hours, quality = answers.get("sleep_hours"), answers.get("sleep_quality")
    if hours is None and quality is None:
        return None
    return (hours is not None and hours <= clinical.SHORT_SLEEP_HOURS) or (
        quality is not None and quality <= clinical.POOR_SLEEP_QUALITY
    )


def high_stress(answers: dict) -> bool | None:
    stress = answers.get("stress")
    return None if stress is None else stress >= clinical.HIGH_STRESS


def exertion_days(user, period: Period) -> set:
    """The days of the period on which a spasm named the shipped "overdoing it" trigger."""
    rows = (
        Spasm.objects.owned_by(user)
        .between(period.first, period.last)
        .filter(triggers__slug=clinical.EXERTION_TRIGGER, triggers__owner__isnull=True)
        .order_by()
        .values_list("local_date", flat=True)
        .distinct()
    )
    return set(rows)


def compare_lags(exposure: dict, spasms: dict, period: Period, same_day=True) -> list[Lag]:
    """`exposure` maps a day to True (with), False (without); days it leaves out are
    unknown. `spasms` maps a day to its spasms (a day it leaves out had none)."""
    lags = []
    for lag in clinical.DELAYED_LAGS:
        result = Lag(lag, made=same_day or lag > 0)
        last = period.last - timedelta(days=lag)
        for day, exposed in exposure.items():
            if not period.first <= day <= last:
                continue
            after = spasms.get(day + timedelta(days=lag), 0)
            if exposed:
                result.days += 1
                result.spasms += after
            else:
                result.other_days += 1
                result.other_spasms += after
        lags.append(result)
    return lags


def delayed_effects(user, period: Period, days=None, check_ins=None) -> DelayedEffects:
    """Poor sleep, high stress and overdoing it against spasms 0, 1 and 2 days later.

    `days` are the period's days from `diary.insights.days.spasm_days` (or a
    `daily_trend`'s `spasm_days`) and `check_ins` the period's check-ins from
    `diary.insights.trends.check_ins_by_day`, when the caller has them already.
    """
    if period.diary_start is None:  # never count the days before the diary began
        period = Period.between(period.first, period.last, diary_start(user, period.last))
    if days is None:
        days = spasm_days(user, period)
    if check_ins is None:
        check_ins = check_ins_by_day(CheckIn.objects.owned_by(user), period)
    spasms = {day.day: day.spasms for day in days if day.spasms}
    sleep = {day: poor_sleep(answers) for day, answers in check_ins.items()}
    stress = {day: high_stress(answers) for day, answers in check_ins.items()}
    exerted = exertion_days(user, period)
    exertion = {day: day in exerted for day in period.each_day()}
    return DelayedEffects(
        period=period,
        effects=[
            DelayedEffect("sleep", compare_lags(_known(sleep), spasms, period)),
            DelayedEffect("stress", compare_lags(_known(stress), spasms, period)),
            DelayedEffect("exertion", compare_lags(exertion, spasms, period, same_day=False)),
        ],
    )


def _known(exposure: dict) -> dict:
    return {day: value for day, value in exposure.items() if value is not None}
