from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.daily.glance import recent_days, suggested_page
from diary.models import SpasmTimer
from tests.conftest import bulk_diary, today_for

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("diary:dashboard")


def test_today_counts_only_todays_spasms_in_the_patients_zone(patient_client, patient, make_spasm):
    make_spasm(patient, intensity=4)
    make_spasm(patient, intensity=8)
    make_spasm(patient, when=timezone.now() - timedelta(days=2))

    glance = patient_client.get(DASHBOARD).context["glance"]

    assert (glance.spasm_count, glance.worst_intensity) == (2, 8)


def test_today_lists_the_doses_taken(patient_client, patient, make_medication, make_dose):
    make_dose(patient, make_medication(patient, name="Baclofen"), amount="10", unit="mg")

    page = patient_client.get(DASHBOARD).content.decode()

    assert "Baclofen 10 mg at" in page


def test_today_shows_whether_the_patient_checked_in(patient_client, patient, make_check_in):
    assert "Check in for today" in patient_client.get(DASHBOARD).content.decode()

    make_check_in(patient)

    assert "You have checked in today." in patient_client.get(DASHBOARD).content.decode()


def test_the_strip_has_the_last_seven_days_with_counts(patient, make_spasm):
    today = today_for(patient)
    make_spasm(patient, when=timezone.now() - timedelta(days=1), intensity=6)
    make_spasm(patient, when=timezone.now() - timedelta(days=1), intensity=9)
    make_spasm(patient, when=timezone.now() - timedelta(days=9))

    strip = recent_days(patient, today)

    assert [day.day for day in strip] == [today - timedelta(days=n) for n in range(6, -1, -1)]
    yesterday = strip[-2]
    assert (yesterday.spasm_count, yesterday.worst_intensity) == (2, 9)
    assert sum(day.spasm_count for day in strip) == 2


def test_the_strip_of_a_diary_begun_yesterday_shows_no_empty_days_before_it(patient, make_spasm):
    today = today_for(patient)
    make_spasm(patient, when=timezone.now() - timedelta(days=1))

    strip = recent_days(patient, today)

    assert [day.day for day in strip] == [today - timedelta(days=1), today]


def test_a_newcomer_is_pointed_to_the_start_of_the_guide(patient, shipped_pages):
    suggestion = suggested_page(patient, today_for(patient))

    assert suggestion.page.slug == "about-this-guide"


def test_the_suggestion_follows_the_most_frequent_recent_trigger(
    patient, make_spasm, shipped_pages
):
    make_spasm(patient, triggers=("poor-sleep",))
    make_spasm(patient, triggers=("poor-sleep", "cold"))

    suggestion = suggested_page(patient, today_for(patient))

    assert (suggestion.page.slug, suggestion.reason) == ("spasm-pain-sleep-cycle", "trigger")


def test_spasms_without_techniques_suggest_what_to_try(patient, make_spasm, shipped_pages):
    make_spasm(patient)

    assert suggested_page(patient, today_for(patient)).page.slug == "managing-spasms"


def test_the_dashboard_shows_the_suggested_page(patient_client, shipped_pages):
    page = patient_client.get(DASHBOARD).content.decode()

    assert 'href="/learn/about-this-guide/"' in page


def test_another_patients_entries_never_count(patient_client, stranger, make_spasm):
    make_spasm(stranger)

    assert patient_client.get(DASHBOARD).context["glance"].spasm_count == 0


def test_the_query_count_does_not_grow_with_the_diary(
    patient_client, patient, django_assert_max_num_queries
):
    with django_assert_max_num_queries(21):
        patient_client.get(DASHBOARD)
    bulk_diary(patient, today_for(patient), days=500, spasms_a_day=3)
    with django_assert_max_num_queries(21):
        response = patient_client.get(DASHBOARD)
    assert response.context["glance"].spasm_count == 3


def test_the_timer_starts_and_survives_a_reload(patient_client, patient):
    patient_client.post(reverse("diary:timer_start"))

    page = patient_client.get(DASHBOARD).content.decode()

    assert "Timing a spasm since" in page
    assert SpasmTimer.objects.get(owner=patient).is_running


def test_stopping_the_timer_fills_in_how_long(patient_client, patient):
    SpasmTimer.objects.create(owner=patient, started_at=timezone.now() - timedelta(seconds=75))

    patient_client.post(reverse("diary:timer_stop"))

    timer = SpasmTimer.objects.get(owner=patient)
    assert not timer.is_running
    assert 74 <= timer.duration_seconds <= 80
    assert "That spasm lasted 1 min" in patient_client.get(DASHBOARD).content.decode()


def test_the_timer_can_be_cancelled(patient_client, patient):
    patient_client.post(reverse("diary:timer_start"))
    patient_client.post(reverse("diary:timer_cancel"))

    assert not SpasmTimer.objects.filter(owner=patient).exists()


def test_timer_buttons_refuse_get(patient_client):
    assert patient_client.get(reverse("diary:timer_start")).status_code == 405


def test_htmx_timer_answers_with_the_quick_log_panel(patient_client):
    response = patient_client.post(reverse("diary:timer_start"), headers={"HX-Request": "true"})

    assert 'id="quick-log"' in response.content.decode()


def test_notes_a_clinician_shared_show_on_the_dashboard(patient_client, patient, clinician):
    from diary.models import ClinicianNote

    ClinicianNote.objects.create(
        clinician=clinician, patient=patient, text="Try heat before bed.", visible_to_patient=True
    )
    ClinicianNote.objects.create(
        clinician=clinician, patient=patient, text="Private thought", visible_to_patient=False
    )

    page = patient_client.get(DASHBOARD).content.decode()

    assert "Try heat before bed." in page
    assert "Private thought" not in page


def test_todays_doses_are_read_by_day_not_through_every_dose_taken(patient_client, database_vendor):
    # SQLite keeps no statistics: sorted by the bare time column, it walked the
    # (owner, time) index through a ten-year diary's 12,000 doses to find today's.
    if database_vendor != "sqlite":
        pytest.skip("a plan of SQLite's; PostgreSQL plans from its statistics")
    with CaptureQueriesContext(connection) as captured:
        patient_client.get(DASHBOARD)
    (todays,) = [q["sql"] for q in captured if 'FROM "diary_dose" INNER JOIN' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {todays}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())

    assert "dose_owner_day" in plan, plan
