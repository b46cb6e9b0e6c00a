"""The story the demo data tells, so that insights have something to find.

- a poor night (under 5 hours), a stressful day (stress 7 or more), a day with
  little water (3 glasses or fewer) and a missed evening muscle relaxant each
  bring more spasms, stronger when stress is high, often with the matching
  trigger ticked;
- spasms cluster in the evening, and some wake the patient at night;
- stretching and heat ease a spasm by 2–3 points on average, deep breathing by
  1–2, massage is hit and miss, and resting rarely changes anything.

Here are the tables and the day's context that `builder.py` draws from; nothing here
touches the database.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from diary.models import Spasm

# Where this patient's spasms usually are; each demo patient gets four of them.
USUAL_AREAS = (
    "neck",
    "left-shoulder-girdle",
    "right-shoulder-girdle",
    "upper-back",
    "lower-back",
    "left-lower-leg",
    "right-lower-leg",
)
CALVES = ("left-lower-leg", "right-lower-leg")

# How likely a spasm starts in each hour of the local day: a few at night, most
# in the evening, when the day's strain catches up.
HOUR_WEIGHTS = (
    *(0.5, 0.5, 0.5, 0.4, 0.4, 0.5),  # 00–05, asleep
    *(0.8, 1.0, 1.0, 1.0, 1.0, 1.0),  # 06–11
    *(1.1, 1.1, 1.2, 1.2, 1.3),  # 12–16
    *(1.8, 2.0, 2.2, 2.4, 2.4, 2.2),  # 17–22
    1.2,  # 23
)
NIGHT_HOURS = range(0, 6)

KIND_WEIGHTS = {
    Spasm.Kind.CRAMP: 3,
    Spasm.Kind.TIGHTNESS: 3,
    Spasm.Kind.KNOT: 2,
    Spasm.Kind.TWITCH: 2,
}

AWAKE_NOTES = (
    "Came on while carrying the shopping.",
    "After a long time at the desk.",
    "Started during a stressful phone call.",
    "Hard to turn my head afterwards.",
    "Right after getting up from the sofa.",
    "Eased a bit with a warm shower.",
)
ASLEEP_NOTES = (
    "Woke me up.",
    "Calf cramp in bed, had to stand up.",
    "Could not get back to sleep after it.",
)


@dataclass(frozen=True)
class DemoMedicine:
    name: str
    class_slug: str
    amount: Decimal
    unit: str
    # Local hours of the scheduled doses, first the one taken on a one-a-day plan.
    hours: tuple[float, ...] = ()
    # Chance a scheduled dose is remembered.
    taken: float = 1.0
    # Taken when a day is bad, not on a schedule; sometimes a double amount.
    as_needed: bool = False


MUSCLE_RELAXANTS = (
    DemoMedicine("Cyclobenzaprine", "muscle-relaxant", Decimal("5"), "mg", (22, 8, 15), 0.9),
    DemoMedicine("Tizanidine", "muscle-relaxant", Decimal("2"), "mg", (22, 8, 15), 0.9),
)
MAGNESIUM = DemoMedicine(
    "Magnesium glycinate", "magnesium", Decimal("200"), "mg", (8.5, 20.5, 13), 0.85
)
PAIN_RELIEVERS = (
    DemoMedicine("Paracetamol", "pain-reliever", Decimal("500"), "mg", as_needed=True),
    DemoMedicine("Ibuprofen", "pain-reliever", Decimal("200"), "mg", as_needed=True),
)
AS_NEEDED_HOURS = (9, 13, 17, 21)


@dataclass(frozen=True)
class TechniqueEffect:
    slug: str
    weight: int  # how often the patient reaches for it
    drop: float  # points of spasm intensity it takes off, on average
    spread: float  # how much that varies from one time to the next
    minutes: tuple[int, int]


TECHNIQUE_EFFECTS = (
    TechniqueEffect("stretching", 4, 2.5, 1.0, (5, 20)),
    TechniqueEffect("heat", 3, 2.7, 1.0, (10, 30)),
    TechniqueEffect("deep-breathing", 3, 1.5, 0.8, (3, 10)),
    TechniqueEffect("massage", 2, 1.5, 2.0, (5, 20)),
    TechniqueEffect("rest", 2, 0.3, 0.6, (10, 45)),
)


@dataclass
class DayContext:
    """What the day was like: what the check-in records and spasms answer to."""

    day: date
    sleep_hours: float
    stress: int
    water_glasses: int
    missed_relaxant: bool  # last night's muscle relaxant was not taken

    @property
    def poor_sleep(self):
        return self.sleep_hours < 5

    @property
    def high_stress(self):
        return self.stress >= 7

    @property
    def low_water(self):
        return self.water_glasses <= 3

    @property
    def is_bad(self):
        return self.poor_sleep or self.high_stress or self.low_water or self.missed_relaxant

    def spasm_mean(self):
        """About 2 spasms on a good day, 5 or more when things pile up."""
        return (
            2.0
            + 2.2 * self.poor_sleep
            + 1.5 * self.high_stress
            + 1.0 * self.low_water
            + 1.0 * self.missed_relaxant
        )


def clamp(value, low=0, high=10):
    return max(low, min(high, value))


def poisson(rng, mean):
    """A Poisson-distributed count (Knuth's method; a normal guess for big means)."""
    if mean <= 0:
        return 0
    if mean > 200:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
