from datetime import date

import pytest

from diary.insights import Period, current_medications, doses_per_medication
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2025, 3, 1), date(2025, 3, 31))


def test_it_counts_doses_and_days_per_medicine(diary):
    magnesium = diary.medication("Magnesium")
    relaxant = diary.medication("Cyclobenzaprine", kind="muscle-relaxant", amount="5")
    diary.dose(magnesium, date(2025, 3, 3))
    diary.dose(magnesium, date(2025, 3, 3), hour=20)
    diary.dose(magnesium, date(2025, 3, 4))
    diary.dose(relaxant, date(2025, 3, 4), amount="5", unit="mg")
    diary.dose(relaxant, date(2025, 3, 5), amount="1", unit="tablet")
    diary.dose(magnesium, date(2025, 2, 27))  # before the period

    rows = doses_per_medication(diary.owner, PERIOD).rows

    assert [(r.medication, r.doses, r.days, r.total) for r in rows] == [
        ("Magnesium", 3, 2, "1200 mg"),
        ("Cyclobenzaprine", 2, 2, ""),  # two units: no total
    ]
    assert rows[0].medication_class == "Supplement: magnesium"


def test_current_medications_leave_out_the_ones_stopped(diary, stranger):
    diary.medication("Magnesium")
    diary.medication("Old pill", current=False)
    Diary(stranger).medication("Someone else's")

    assert current_medications(diary.owner) == [
        {"name": "Magnesium", "medication_class": "Supplement: magnesium", "usual_dose": "400 mg"}
    ]


def test_no_doses_is_not_enough(diary):
    diary.medication("Magnesium")

    assert not doses_per_medication(diary.owner, PERIOD).enough
