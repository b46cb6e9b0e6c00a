"""The stretch of the patient's own calendar that a figure looks at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

INSIGHT_PERIODS = (30, 90, 365)
DEFAULT_DAYS = 30


def patient_today(user) -> date:
    """Today in the patient's own time zone: the last day of every default period."""
    return timezone.localtime(timezone.now(), user.zone).date()


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, both included, as days of the patient's diary."""

    first: date
    last: date

    def __post_init__(self):
        if self.first > self.last:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def ending(cls, last: date, days: int) -> Period:
        return cls(last - timedelta(days=days - 1), last)

    @classmethod
    def last_days(cls, user, days: int) -> Period:
        return cls.ending(patient_today(user), days)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one, to compare against."""
        return Period.ending(self.first - timedelta(days=1), self.days)

    def each_day(self):
        for offset in range(self.days):
            yield self.first + timedelta(days=offset)

    def weekday_counts(self) -> dict[int, int]:
        """How many Mondays (1) ... Sundays (7) the period holds, without a loop over days."""
        whole_weeks, extra = divmod(self.days, 7)
        counts = dict.fromkeys(range(1, 8), whole_weeks)
        start = self.first.isoweekday()
        for offset in range(extra):
            counts[(start - 1 + offset) % 7 + 1] += 1
        return counts


def insight_days(raw) -> int:
    """The ?days= parameter of the insights page: 30, 90 or 365; anything else is 30."""
    try:
        days = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if days in INSIGHT_PERIODS else DEFAULT_DAYS
