from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.daily.history import PAGE_SIZE
from tests.conftest import bulk_diary, today_for

pytestmark = pytest.mark.django_db

HISTORY = reverse("diary:history")


def kinds_shown(response):
    return [item.kind for _day, items in response.context["days"] for item in items]


def test_every_kind_of_entry_shows_newest_first(
    patient_client, patient, make_spasm, make_medication, make_dose, make_session, make_check_in
):
    now = timezone.now()
    make_spasm(patient, when=now - timedelta(hours=4))
    make_dose(patient, make_medication(patient), when=now - timedelta(hours=3))
    make_session(patient, when=now - timedelta(hours=2))
    make_check_in(patient)

    response = patient_client.get(HISTORY)

    assert set(kinds_shown(response)) == {"spasms", "doses", "techniques", "check-ins"}
    assert kinds_shown(response)[-1] == "spasms"


def test_entries_are_grouped_by_the_patients_day(patient_client, patient, make_spasm):
    now = timezone.now()
    make_spasm(patient, when=now - timedelta(days=2))
    make_spasm(patient, when=now - timedelta(days=1))
    make_spasm(patient, when=now - timedelta(days=1, minutes=5))

    days = patient_client.get(HISTORY).context["days"]

    assert [len(items) for _day, items in days] == [2, 1]
    assert days[0][0] > days[1][0]


def test_it_filters_by_type(patient_client, patient, make_spasm, make_session):
    make_spasm(patient)
    make_session(patient)

    response = patient_client.get(HISTORY, {"kinds": "techniques"})

    assert kinds_shown(response) == ["techniques"]


def test_it_filters_by_date_range(patient_client, patient, make_spasm):
    now = timezone.now()
    old = make_spasm(patient, when=now - timedelta(days=20))
    make_spasm(patient, when=now - timedelta(days=1))

    response = patient_client.get(
        HISTORY, {"start": old.local_date.isoformat(), "end": old.local_date.isoformat()}
    )

    assert [item.entry for _d, items in response.context["days"] for item in items] == [old]


def test_it_filters_by_body_area_and_trigger(patient_client, patient, make_spasm, make_session):
    calf = make_spasm(patient, areas=("left-lower-leg",), triggers=("cold",))
    make_spasm(patient, areas=("neck",), triggers=("cold",))
    make_session(patient)

    by_area = patient_client.get(HISTORY, {"area": "left-lower-leg"})
    by_trigger = patient_client.get(HISTORY, {"trigger": "cold"})

    assert [i.entry for _d, items in by_area.context["days"] for i in items] == [calf]
    assert kinds_shown(by_trigger) == ["spasms", "spasms"]


def test_an_end_before_the_start_is_explained(patient_client):
    response = patient_client.get(HISTORY, {"start": "2025-03-10", "end": "2025-03-01"})

    assert "The end date is before the start date." in response.content.decode()


def test_it_is_paginated(patient_client, patient, make_spasm):
    for minutes in range(PAGE_SIZE + 5):
        make_spasm(patient, when=timezone.now() - timedelta(minutes=minutes + 1))

    first = patient_client.get(HISTORY)
    second = patient_client.get(HISTORY, {"page": 2})

    assert len(kinds_shown(first)) == PAGE_SIZE
    assert len(kinds_shown(second)) == 5


def test_it_never_shows_another_patients_entries(patient_client, stranger, make_spasm):
    make_spasm(stranger, note="stranger's secret")

    response = patient_client.get(HISTORY)

    assert response.context["days"] == []
    assert "stranger's secret" not in response.content.decode()


def test_htmx_filtering_answers_with_the_timeline_only(patient_client, patient, make_spasm):
    make_spasm(patient)

    response = patient_client.get(HISTORY, {"kinds": "spasms"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert 'id="timeline"' in page and "<html" not in page


def test_the_query_count_does_not_grow_with_the_diary(
    patient_client, patient, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        patient_client.get(HISTORY)
    bulk_diary(patient, today_for(patient), days=500, spasms_a_day=3)
    with django_assert_max_num_queries(14):
        response = patient_client.get(HISTORY, {"page": 3})
    assert len(kinds_shown(response)) == PAGE_SIZE


def test_triggers_and_techniques_link_to_their_guide_pages(
    patient_client, patient, make_spasm, make_session
):
    make_spasm(patient, triggers=("dehydration",))
    make_session(patient, "yoga")

    page = patient_client.get(HISTORY).content.decode()

    assert '<a href="/learn/hydration-and-nutrition/">Not enough to drink</a>' in page
    assert '<a href="/learn/low-impact-exercise/">Yoga</a>' in page
