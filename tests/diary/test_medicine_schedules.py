"""Medicine schedules: set times ("08:00, 20:00") or "as needed, at least N hours apart",
typed on the medicine's form; and the next dose each medicine shows."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.daily.schedules import NextDose, next_dose, next_doses
from diary.models import Medication
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

MEDICATIONS = reverse("diary:medications")
DAY = dt.date(2025, 6, 10)  # summer: London is UTC+1


def london(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Europe/London"))


def add(client, **fields):
    data = {"name": "Baclofen", "usual_dose": "10 mg", "is_current": "on", **fields}
    return client.post(MEDICATIONS, data)


# --- the form ----------------------------------------------------------------------------


def test_set_times_are_stored_sorted_and_each_once(patient_client, patient):
    add(patient_client, times="20:00, 8:00; 08:00 13.30")

    assert Medication.objects.get(owner=patient).dose_times == ["08:00", "13:30", "20:00"]


@pytest.mark.parametrize("typed", ["8am", "25:00", "08:61", "noon", "8"])
def test_a_time_that_is_not_a_time_is_refused_beside_the_field(patient_client, typed):
    response = add(patient_client, times=typed)

    assert response.context["form"].errors["times"] == ["Write times like 08:00, 20:00."]
    assert "Write times like 08:00, 20:00." in response.content.decode()
    assert typed in response.content.decode()  # what was typed is kept
    assert not Medication.objects.exists()


def test_more_than_eight_times_a_day_is_refused(patient_client):
    times = ", ".join(f"{hour:02d}:00" for hour in range(9))

    response = add(patient_client, times=times)

    assert response.context["form"].errors["times"] == ["At most 8 times a day."]


def test_as_needed_hours_apart_are_stored(patient_client, patient):
    add(patient_client, min_hours_apart="4.5")

    medicine = Medication.objects.get(owner=patient)
    assert (medicine.min_hours_apart, medicine.dose_times) == (Decimal("4.5"), [])


@pytest.mark.parametrize("typed", ["0", "-2", "100", "four"])
def test_hours_apart_out_of_range_are_refused_beside_the_field(patient_client, typed):
    response = add(patient_client, min_hours_apart=typed)

    assert response.context["form"].errors["min_hours_apart"] == [
        "Write the hours as a number from 0.5 to 72, like 4 or 6."
    ]
    assert not Medication.objects.exists()


def test_set_times_and_hours_apart_together_are_refused(patient_client):
    response = add(patient_client, times="08:00", min_hours_apart="4")

    assert "not both" in response.context["form"].errors["min_hours_apart"][0]
    assert not Medication.objects.exists()


def test_a_reminder_needs_set_times(patient_client):
    response = add(patient_client, remind="on")

    assert response.context["form"].errors["times"] == [
        "Reminders come at set times: write them, like 08:00."
    ]


def test_the_edit_form_shows_the_times_as_typed_and_can_clear_them(patient_client, patient):
    medicine = Diary(patient).medication("Baclofen")
    medicine.dose_times = ["08:00", "20:00"]
    medicine.save()
    edit = reverse("diary:medication_edit", args=[medicine.pk])

    page = patient_client.get(edit).content.decode()
    patient_client.post(edit, {"name": "Baclofen", "usual_dose": "400 mg", "times": ""})

    assert 'value="08:00, 20:00"' in page
    medicine.refresh_from_db()
    assert medicine.dose_times == []


def test_a_reminder_label_is_kept_for_reminders(patient_client, patient):
    add(patient_client, times="20:00", remind="on", reminder_label="Your 8 pm medicine")

    medicine = Medication.objects.get(owner=patient)
    assert medicine.remind
    assert medicine.label_in_reminders == "Your 8 pm medicine"


# --- the next dose -----------------------------------------------------------------------


@pytest.fixture
def twice_a_day(patient):
    medicine = Diary(patient).medication("Baclofen")
    medicine.dose_times = ["08:00", "20:00"]
    return medicine


def test_before_the_first_time_the_next_dose_is_that_time(twice_a_day, patient):
    found = next_dose(twice_a_day, london(DAY, 6), [], patient)

    assert found == NextDose("at", london(DAY, 8))


def test_a_time_not_yet_taken_is_due_for_an_hour(twice_a_day, patient):
    found = next_dose(twice_a_day, london(DAY, 8, 40), [], patient)

    assert found == NextDose("at", london(DAY, 8), due=True)


def test_a_dose_near_the_time_covers_it(twice_a_day, patient):
    taken = [london(DAY, 7, 45)]

    assert next_dose(twice_a_day, london(DAY, 8, 10), taken, patient).at == london(DAY, 20)


def test_a_time_missed_by_more_than_an_hour_gives_way_to_the_next(twice_a_day, patient):
    found = next_dose(twice_a_day, london(DAY, 9, 30), [], patient)

    assert found == NextDose("at", london(DAY, 20))


def test_after_the_last_time_the_next_dose_is_tomorrow(twice_a_day, patient):
    taken = [london(DAY, 8), london(DAY, 20, 5)]

    found = next_dose(twice_a_day, london(DAY, 21), taken, patient)

    assert found == NextDose("at", london(DAY + dt.timedelta(days=1), 8))


def test_one_dose_covers_only_the_nearest_of_two_close_times(patient):
    medicine = Diary(patient).medication("Baclofen")
    medicine.dose_times = ["08:00", "09:00"]

    found = next_dose(medicine, london(DAY, 8, 20), [london(DAY, 8, 5)], patient)

    assert found.at == london(DAY, 9)


def test_times_are_the_patients_own_clock_across_a_clock_change(twice_a_day, patient):
    # London moved its clocks forward on 30 March 2025: 08:00 was 08:00 UTC the day
    # before and 07:00 UTC that day.
    before = next_dose(twice_a_day, dt.datetime(2025, 3, 29, 5, tzinfo=dt.UTC), [], patient)
    after = next_dose(twice_a_day, dt.datetime(2025, 3, 30, 5, tzinfo=dt.UTC), [], patient)

    assert before.at == dt.datetime(2025, 3, 29, 8, tzinfo=dt.UTC)
    assert after.at == dt.datetime(2025, 3, 30, 7, tzinfo=dt.UTC)


def test_times_are_in_each_patients_own_time_zone(make_user):
    sydney = make_user("syd", time_zone="Australia/Sydney")
    medicine = Diary(sydney).medication("Baclofen")
    medicine.dose_times = ["08:00"]

    found = next_dose(medicine, dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC), [], sydney)

    # 12:00 UTC is 22:00 in Sydney: the next 08:00 there is 22:00 UTC.
    assert found.at == dt.datetime(2025, 6, 10, 22, tzinfo=dt.UTC)


def test_as_needed_can_be_taken_again_after_its_gap(patient):
    medicine = Diary(patient).medication("Ibuprofen")
    medicine.min_hours_apart = Decimal("4")

    found = next_dose(medicine, london(DAY, 13), [london(DAY, 11, 30)], patient)

    assert found == NextDose("from", london(DAY, 15, 30))


def test_as_needed_past_its_gap_has_no_next_dose(patient):
    medicine = Diary(patient).medication("Ibuprofen")
    medicine.min_hours_apart = Decimal("4")

    assert next_dose(medicine, london(DAY, 16), [london(DAY, 11, 30)], patient) is None
    assert next_dose(medicine, london(DAY, 16), [], patient) is None


def test_a_medicine_without_a_schedule_has_no_next_dose(patient):
    medicine = Diary(patient).medication("Magnesium")

    assert next_dose(medicine, london(DAY, 9), [london(DAY, 8)], patient) is None


def test_every_medicines_next_dose_is_read_in_one_query(patient, django_assert_max_num_queries):
    diary = Diary(patient)
    medicines = []
    for number in range(5):
        medicine = diary.medication(f"Medicine {number}")
        medicine.dose_times = ["08:00", "20:00"]
        medicine.save()
        medicines.append(medicine)
        for days_ago in range(30):
            diary.dose(medicine, DAY - dt.timedelta(days=days_ago), hour=8)

    with django_assert_max_num_queries(1):
        found = next_doses(patient, medicines, london(DAY, 12))

    assert {next_found.at for next_found in found.values()} == {london(DAY, 20)}


# --- on the dashboard ---------------------------------------------------------------------


def dashboard_at(client, moment):
    with time_machine.travel(moment, tick=False):
        return client.get(reverse("diary:dashboard"))


def next_dose_lines(response):
    page = response.content.decode()
    return [
        line.split(">", 1)[1].split("<", 1)[0] for line in page.split('<p class="next-dose')[1:]
    ]


def test_the_dashboard_shows_the_next_set_time(patient_client, twice_a_day, patient):
    twice_a_day.save()
    Diary(patient).dose(twice_a_day, when=london(DAY, 8, 5))

    response = dashboard_at(patient_client, london(DAY, 12))

    assert next_dose_lines(response) == ["Next: 20:00"]


def test_the_dashboard_says_when_an_as_needed_medicine_can_be_taken_again(patient_client, patient):
    medicine = Diary(patient).medication("Ibuprofen")
    medicine.min_hours_apart = Decimal("4")
    medicine.save()
    Diary(patient).dose(medicine, when=london(DAY, 11, 30))

    response = dashboard_at(patient_client, london(DAY, 13))

    assert next_dose_lines(response) == ["Can take again from 15:30"]


def test_the_dashboard_says_nothing_for_a_medicine_without_a_schedule(patient_client, patient):
    Diary(patient).medication("Magnesium")

    response = dashboard_at(patient_client, london(DAY, 13))

    assert next_dose_lines(response) == []
    assert "Took my Magnesium (400 mg)" in response.content.decode()


def test_the_dashboards_queries_do_not_grow_with_the_medicines_doses(
    patient_client, patient, django_assert_max_num_queries
):
    diary = Diary(patient)
    medicines = []
    for number in range(4):
        medicine = diary.medication(f"Medicine {number}")
        medicine.dose_times = ["08:00", "20:00"]
        medicine.save()
        medicines.append(medicine)
    with CaptureQueriesContext(connection) as small:
        dashboard_at(patient_client, london(DAY, 12))
    for medicine in medicines:
        for days_ago in range(200):
            diary.dose(medicine, DAY - dt.timedelta(days=days_ago), hour=8)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = dashboard_at(patient_client, london(DAY, 12))

    assert next_dose_lines(response) == ["Next: 20:00"] * 4
