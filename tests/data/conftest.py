"""A small diary with one of everything for the data tests."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.conftest import TODAY


@pytest.fixture
def filled(diary, frozen_today):
    """A small diary with one of everything, and some awkward text."""
    magnesium = diary.medication("Magnesium")
    diary.medication("Amitriptyline", kind="antidepressant", amount="10", current=False)
    diary.medication("Heat rub", kind=None, amount=None, unit="")
    diary.spasm(
        TODAY - timedelta(days=1),
        hour=3,
        intensity=7,
        areas=["left-lower-leg", "right-lower-leg"],
        triggers=["cold", "poor-sleep"],
        note='Woke me up, "calf", ünïcode; =1+1',
        duration_seconds=95,
        kind="cramp",
        activity="asleep",
    )
    diary.spasm(TODAY, hour=14, intensity=3, areas=["neck"])
    diary.spasm(TODAY, hour=15, intensity=0)
    diary.dose(magnesium, TODAY, amount="400", unit="mg", note="with food")
    diary.dose(magnesium, TODAY - timedelta(days=1), amount="1.5", unit="tablet")
    diary.session(TODAY, "heat", before=7, after=3, helped=2, minutes=15, note="hot pack")
    diary.session(TODAY, "deep-breathing")
    diary.check_in(
        TODAY,
        sleep_hours=Decimal("5.5"),
        sleep_quality=4,
        stress=7,
        fatigue=6,
        overall_pain=5,
        mood=6,
        water_glasses=3,
        note="long day",
    )
    diary.check_in(date(2025, 3, 1), stress=2)
    return diary
