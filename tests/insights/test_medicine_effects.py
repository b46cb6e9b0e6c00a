"""Medicines and spasms: the 4 weeks before each medicine's first logged dose against the
4 weeks since, and days with a dose against days without.

The diary (worked out by hand in the comments) begins on 1 February 2025:
- 1-14 Feb: one spasm a day, intensity 6 (14 spasms);
- 1-14 Mar: two a day, intensities 3 and 5 (28 spasms);
- 30 Mar: three spasms of intensity 10, after every 4-week window below.
Medicines: Baclofen, first dose 1 Mar, then every day to 31 Mar; Magnesium, first dose
10 Feb, then on 2, 4, 6, 8 and 10 Mar; Ibuprofen, first dose 3 Feb, then 31 Mar.
The period is March (1-31 Mar), the diary's start 1 Feb.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from diary.care import sharing
from diary.clinical import Period
from diary.insights.medicine_effects import medicine_effects
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

FEB, MAR = 2, 3
MARCH = Period.between(dt.date(2025, 3, 1), dt.date(2025, 3, 31), dt.date(2025, 2, 1))


def on(month, day):
    return dt.date(2025, month, day)


@pytest.fixture
def medicines(patient, diary):
    for day in range(1, 15):
        diary.spasm(on(FEB, day), intensity=6)
        diary.spasm(on(MAR, day), hour=9, intensity=3)
        diary.spasm(on(MAR, day), hour=15, intensity=5)
    for hour in (10, 11, 12):
        diary.spasm(on(MAR, 30), hour=hour, intensity=10)
    baclofen = diary.medication("Baclofen", kind="muscle-relaxant", amount="10", unit="mg")
    magnesium = diary.medication("Magnesium")
    ibuprofen = diary.medication("Ibuprofen", kind="pain-reliever", amount="200", unit="mg")
    for day in range(1, 32):
        diary.dose(baclofen, on(MAR, day))
    for when in (on(FEB, 10), *(on(MAR, day) for day in (2, 4, 6, 8, 10))):
        diary.dose(magnesium, when)
    for when in (on(FEB, 3), on(MAR, 31)):
        diary.dose(ibuprofen, when)
    return medicine_effects(patient, MARCH)


def row(effects, name):
    return next(found for found in effects.rows if found.medication == name)


def test_the_four_weeks_before_and_since_the_first_logged_dose(medicines):
    baclofen = row(medicines, "Baclofen")

    # Before: 1-28 Feb, 28 days: 14 spasms of 6 -> 0.5 a day, mean 6.0.
    # Since: 1-28 Mar, 28 days: 28 spasms, 14 of 3 and 14 of 5 -> 1.0 a day, mean 4.0;
    # the three of 30 Mar fall after the 4 weeks.
    assert baclofen.first_dose == on(MAR, 1)
    assert (baclofen.before.first, baclofen.before.last) == (on(FEB, 1), on(FEB, 28))
    assert (baclofen.before.day_count, baclofen.before.spasms) == (28, 14)
    assert (baclofen.before.per_day, baclofen.before.mean_intensity) == (0.5, 6.0)
    assert (baclofen.since.day_count, baclofen.since.spasms) == (28, 28)
    assert (baclofen.since.per_day, baclofen.since.mean_intensity) == (1.0, 4.0)
    assert baclofen.enough


def test_the_weeks_before_are_cut_to_the_diary_start(medicines):
    magnesium = row(medicines, "Magnesium")

    # Before 10 Feb: 13 Jan - 9 Feb, cut to 1-9 Feb: 9 days, 9 spasms of 6.
    # Since: 10 Feb - 9 Mar: 10-14 Feb (5 of 6) and 1-9 Mar (18: 9 of 3, 9 of 5)
    # = 23 spasms over 28 days -> 0.8 a day; intensity (30 + 27 + 45) / 23 = 4.43 -> 4.4.
    assert (magnesium.before.first, magnesium.before.day_count) == (on(FEB, 1), 9)
    assert (magnesium.before.per_day, magnesium.before.mean_intensity) == (1.0, 6.0)
    assert (magnesium.since.spasms, magnesium.since.day_count) == (23, 28)
    assert (magnesium.since.per_day, magnesium.since.mean_intensity) == (0.8, 4.4)


def test_too_few_days_before_to_tell(medicines):
    ibuprofen = row(medicines, "Ibuprofen")

    # Before 3 Feb there are only 1 and 2 Feb in the diary: 2 days, under 5.
    assert ibuprofen.before.day_count == 2
    assert not ibuprofen.enough


def test_days_with_a_dose_against_days_without(medicines):
    magnesium = row(medicines, "Magnesium").with_without

    # March, all after the first dose (10 Feb). With a dose: 2, 4, 6, 8, 10 Mar,
    # 2 spasms each = 10 over 5 days -> 2.0. Without: the other 26 days; March has
    # 28 + 3 = 31 spasms, 31 - 10 = 21 over 26 days = 0.81 -> 0.8.
    assert (magnesium.days, magnesium.spasms) == (5, 10)
    assert (magnesium.other_days, magnesium.other_spasms) == (26, 21)
    assert (magnesium.per_day, magnesium.other_per_day) == (2.0, 0.8)
    assert magnesium.enough


def test_one_day_with_a_dose_is_too_few_to_tell(medicines):
    ibuprofen = row(medicines, "Ibuprofen").with_without

    # 31 Mar only: 1 day with a dose (no spasms), 30 without (31 spasms).
    assert (ibuprofen.days, ibuprofen.spasms, ibuprofen.other_days) == (1, 0, 30)
    assert not ibuprofen.enough


def test_a_medicine_taken_every_day_has_no_days_without(medicines):
    assert row(medicines, "Baclofen").with_without is None
    assert [found.medication for found in medicines.as_needed] == ["Ibuprofen", "Magnesium"]


def test_a_medicine_first_taken_after_the_period_is_not_shown(patient, diary):
    later = diary.medication("Later")
    diary.dose(later, on(4, 1))

    assert medicine_effects(patient, MARCH).rows == []


def test_another_patients_medicines_and_spasms_are_not_counted(medicines, patient, stranger):
    other = Diary(stranger)
    theirs = other.medication("Baclofen")
    other.dose(theirs, on(FEB, 20))
    for day in range(1, 29):
        other.spasm(on(FEB, day), intensity=9)

    again = medicine_effects(patient, MARCH)

    assert row(again, "Baclofen").first_dose == on(MAR, 1)
    assert row(again, "Baclofen").before.spasms == 14


def test_the_pages_say_since_the_first_logged_dose(patient, doctor, medicines, frozen_today):
    sharing.grant(patient, doctor)
    as_patient, as_doctor = Client(), Client()
    as_patient.force_login(patient)
    as_doctor.force_login(doctor)

    insights = as_patient.get(reverse("diary:insights")).text
    report = as_patient.get(reverse("diary:report"), {"start": "2025-03-01", "end": "2025-03-31"})
    summary = as_doctor.get(reverse("admin:diary_sharedpatient_summary", args=[patient.pk])).text

    assert "the first dose you logged stands for it" in insights
    assert "A pattern in your diary, not proof." in insights
    assert "Too few days to tell yet" in insights
    assert "<td>0.5</td><td>6</td><td>28</td>" in report.text
    assert "the first dose the patient logged stands for it" in summary
