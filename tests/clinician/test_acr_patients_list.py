"""The ACR 2016 scores on the clinician's patients list: a column with the latest
symptom check's WPI + SSS and its day, a filter by the total's range, and the same
number of queries for 3 patients as for 30."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.models import SymptomCheck
from tests.conftest import Diary, bulk_diary, count_queries, today_for

pytestmark = pytest.mark.django_db

LIST = reverse("admin:diary_sharedpatient_changelist")


def listed(response):
    return [patient.username for patient in response.context["cl"].result_list]


def symptom_check(owner, day, **answers):
    """Tiredness 2, waking up still tired 3, thinking 1, headaches, no belly pain, low
    mood: SSS 2 + 3 + 1 + 1 + 0 + 1 = 8 unless told otherwise."""
    defaults = {
        "fatigue": 2,
        "waking_unrefreshed": 3,
        "thinking": 1,
        "headaches": True,
        "lower_belly_pain": False,
        "low_mood": True,
    }
    return SymptomCheck.objects.create(
        owner=owner, local_date=day, client_token=uuid.uuid4(), **{**defaults, **answers}
    )


@pytest.fixture
def scored(doctor, patient, stranger):
    """pat: WPI 2 (both shoulders; the hands don't count) + SSS 8 = 10.
    stranger: WPI 0 + SSS 0 = 0. A third patient has made no symptom check."""
    sharing.grant(patient, doctor)
    sharing.grant(stranger, doctor)
    today = today_for(patient)
    Diary(patient).spasm(
        today - dt.timedelta(days=2),
        areas=["left-shoulder-girdle", "right-shoulder-girdle", "left-hand", "right-hand"],
    )
    symptom_check(patient, today - dt.timedelta(days=1))
    symptom_check(
        stranger,
        today_for(stranger),
        fatigue=0,
        waking_unrefreshed=0,
        thinking=0,
        headaches=False,
        low_mood=False,
    )
    return patient


def test_the_column_shows_the_total_its_parts_and_the_day(doctor_client, scored, make_user):
    response = doctor_client.get(LIST)

    page = response.content.decode()
    day = today_for(scored) - dt.timedelta(days=1)
    assert f"10 (WPI 2 + SSS 8), {day.day} {day:%b}" in page
    assert "0 (WPI 0 + SSS 0)" in page


def test_a_patient_without_a_symptom_check_shows_a_dash(doctor_client, doctor, patient):
    sharing.grant(patient, doctor)

    response = doctor_client.get(LIST)

    assert response.context["cl"].result_list[0].acr_total is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0-7", ["stranger"]), ("8-15", ["pat"]), ("16-23", []), ("24-31", []), ("none", ["third"])],
)
def test_the_filter_keeps_the_patients_whose_total_is_in_the_range(
    doctor_client, doctor, scored, make_user, value, expected
):
    sharing.grant(make_user("third"), doctor)

    assert listed(doctor_client.get(LIST, {"acr_total": value})) == expected


def test_the_filter_offers_equal_ranges_of_the_scale_and_no_verdict(doctor_client, scored):
    page = doctor_client.get(LIST).content.decode()

    for label in ("0–7", "8–15", "16–23", "24–31", "no symptom check yet"):
        assert label in page


def test_the_list_costs_the_same_queries_for_3_patients_or_30(
    doctor_client, doctor, make_user, django_assert_max_num_queries
):
    people = [make_user(f"patient{number}") for number in range(30)]
    for person in people[:3]:
        sharing.grant(person, doctor)
        bulk_diary(person, today_for(person), 10, 1)
        symptom_check(person, today_for(person))
    # Warm the session and permission caches of the first request, not the list's own.
    doctor_client.get(LIST, {"o": "1"})
    small = count_queries(doctor_client, LIST)

    for person in people[3:]:
        sharing.grant(person, doctor)
        bulk_diary(person, today_for(person), 40, 2)
        for week in range(6):
            symptom_check(person, today_for(person) - dt.timedelta(days=7 * week))

    with django_assert_max_num_queries(small):
        response = doctor_client.get(LIST)
    assert len(response.context["cl"].result_list) == 30
    with django_assert_max_num_queries(small):
        doctor_client.get(LIST, {"acr_total": "8-15", "o": "6"})  # filtered, by the total
