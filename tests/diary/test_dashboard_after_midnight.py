"""After midnight a quick log goes to last night (yesterday's diary day), so until
4 am "Today at a glance" also shows last night's figures, counted the same way."""

import uuid
from datetime import date, datetime, time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.daily.glance import glance
from diary.models import Spasm
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("diary:dashboard")
QUICK = reverse("diary:quick_spasm")
TUESDAY = date(2026, 12, 1)
MONDAY = date(2026, 11, 30)


def local(user, day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=user.zone)


def glance_section(page):
    start = page.index('id="today"')
    return page[start : page.index("</section>", start)]


def test_at_half_past_one_the_dashboard_shows_last_nights_spasms(patient_client, patient):
    diary = Diary(patient)
    diary.spasm(MONDAY, hour=22, intensity=7)
    after_midnight = diary.spasm(when=local(patient, TUESDAY, 0, 40), intensity=5)
    Spasm.objects.filter(pk=after_midnight.pk).update(local_date=MONDAY)  # "last night"

    with time_machine.travel(local(patient, TUESDAY, 1, 30), tick=False):
        page = glance_section(patient_client.get(DASHBOARD).content.decode())

    assert "Last night (Monday 30 November):" in page
    assert '<strong class="glance__number">2</strong>\n      spasms, worst 7 (severe)' in page
    assert "Today (Tuesday 1 December):" in page


def test_the_figures_are_the_glance_of_that_day(patient):
    diary = Diary(patient)
    diary.spasm(MONDAY, hour=9, intensity=3)
    diary.spasm(MONDAY, hour=23, intensity=8)
    diary.spasm(TUESDAY, hour=1, intensity=9)

    night = glance(patient, TUESDAY, now=local(patient, TUESDAY, 2)).last_night
    monday = glance(patient, MONDAY)

    assert (night.day, night.spasm_count, night.worst_intensity) == (MONDAY, 2, 8)
    assert (monday.spasm_count, monday.worst_intensity) == (2, 8)


def test_a_quick_log_for_last_night_shows_under_last_night(patient_client, patient):
    data = {
        "area": "neck",
        "intensity": 6,
        "client_token": str(uuid.uuid4()),
        "belongs_to": "previous",
    }
    with time_machine.travel(local(patient, TUESDAY, 1, 30), tick=False):
        patient_client.post(QUICK, data)
        page = glance_section(patient_client.get(DASHBOARD).content.decode())

    assert '<strong class="glance__number">1</strong>\n      spasm, worst 6' in page
    assert "Last night (Monday 30 November):" in page


def test_the_htmx_answer_to_a_quick_log_updates_last_night_too(patient_client, patient):
    data = {"area": "neck", "intensity": 4, "client_token": str(uuid.uuid4())}
    with time_machine.travel(local(patient, TUESDAY, 3, 10), tick=False):
        response = patient_client.post(
            QUICK, data, headers={"HX-Request": "true", "HX-Target": "quick-log"}
        )
    page = response.content.decode()

    today = 'id="today" class="card-panel" aria-labelledby="today-title" data-hx-swap-oob="true"'
    assert today in page
    assert "Last night (Monday 30 November):" in glance_section(page)


def test_a_night_with_nothing_logged_says_zero(patient_client, patient):
    with time_machine.travel(local(patient, TUESDAY, 0, 5), tick=False):
        page = glance_section(patient_client.get(DASHBOARD).content.decode())

    assert "Last night (Monday 30 November):" in page
    assert '<strong class="glance__number">0</strong>\n      spasms</li>' in page


@pytest.mark.parametrize("hour", [4, 9, 15, 23])
def test_from_four_in_the_morning_only_today_is_shown(patient_client, patient, hour):
    Diary(patient).spasm(MONDAY, hour=22, intensity=7)

    with time_machine.travel(local(patient, TUESDAY, hour), tick=False):
        page = glance_section(patient_client.get(DASHBOARD).content.decode())

    assert "Last night" not in page
    assert "Today (" not in page


def test_the_hours_are_the_patients_own(patient_client, patient):
    patient.time_zone = "Pacific/Auckland"
    patient.save()
    Diary(patient).spasm(MONDAY, hour=21, intensity=2)

    # 01:30 in Auckland is the middle of the previous day in London.
    with time_machine.travel(local(patient, TUESDAY, 1, 30), tick=False):
        page = glance_section(patient_client.get(DASHBOARD).content.decode())

    assert "Last night (Monday 30 November):" in page
    assert "worst 2 (mild)" in page


def test_the_dashboard_runs_as_many_queries_at_night_as_by_day(patient_client, patient):
    Diary(patient).spasm(MONDAY, hour=22, intensity=7)
    counts = {}
    for hour in (1, 15):
        cache.clear()  # each view computes all its figures
        moment = time_machine.travel(local(patient, TUESDAY, hour), tick=False)
        with moment, CaptureQueriesContext(connection) as queries:
            patient_client.get(DASHBOARD)
        counts[hour] = len(queries)

    assert counts[1] == counts[15]


def test_another_patients_night_never_counts(patient_client, patient, stranger):
    Diary(stranger).spasm(MONDAY, hour=23, intensity=9)

    with time_machine.travel(local(patient, TUESDAY, 1), tick=False):
        night = patient_client.get(DASHBOARD).context["last_night"]

    assert (night.spasm_count, night.worst_intensity) == (0, None)
