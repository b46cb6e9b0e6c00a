"""Cached figures (diary.diary_version): reused while a diary is unchanged, never stale.

The insights page, the report, the clinician's summary, the history and the dashboard
cache their rendered figures or timeline under the diary's version. A second view of an unchanged
diary reads fewer rows; after any write to the diary — through the pages a patient uses,
an import, or the models — the page equals what it shows when nothing was cached at all.
"""

import re
import uuid
import warnings
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from diary.care import sharing
from diary.data import json_records, restore
from diary.diary_version import version_of
from diary.models import Spasm, Technique
from tests.conftest import Diary, today_for

pytestmark = pytest.mark.django_db

INSIGHTS = reverse("diary:insights") + "?days=90"
REPORT = reverse("diary:report")
HISTORY = reverse("diary:history")
DASHBOARD = reverse("diary:dashboard")


def page(client, url):
    """The page's main content as HTML, without what differs from one request to the next
    (the form tokens, a "saved" message)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'<div class="messages".*?</div>', "", main, flags=re.S)
    main = re.sub(r'name="(csrfmiddlewaretoken|client_token)" value="[^"]*"', "", main)
    return re.sub(r"\s+", " ", main)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


@pytest.fixture
def filled(patient):
    """Three weeks of a diary with every kind of entry."""
    diary = Diary(patient)
    today = today_for(patient)
    magnesium = diary.medication("Magnesium", kind="magnesium", amount="400", unit="mg")
    technique = Technique.objects.shipped().first()
    # From yesterday back: a spasm at noon today would lie in the future before noon.
    for back in range(1, 22):
        day = today - timedelta(days=back)
        diary.spasm(day, intensity=3 + back % 5, areas=["neck"], triggers=["poor-sleep"])
        if back % 2:
            diary.spasm(day, intensity=7, areas=["left-lower-leg"])
        if back % 3 == 0:
            diary.dose(magnesium, day)
            diary.session(day, technique.slug)
        diary.check_in(day, sleep_hours=4 + back % 4, stress=back % 9, water_glasses=back % 6)
    return diary


def test_a_second_view_of_an_unchanged_diary_reuses_its_figures(patient_client, filled):
    first = queries(patient_client, INSIGHTS)
    second = queries(patient_client, INSIGHTS)

    assert second <= first - 8, (first, second)
    assert page(patient_client, INSIGHTS) == fresh_page(patient_client, INSIGHTS)


def fresh_page(client, url):
    cache.clear()
    return page(client, url)


# Each write a patient makes, the way they make it.


def quick_log(client, patient):
    data = {"area": "neck", "intensity": 9, "client_token": str(uuid.uuid4())}
    assert client.post(reverse("diary:quick_spasm"), data).status_code == 302


def edit_spasm(client, patient):
    spasm = Spasm.objects.filter(owner=patient).latest("started_at")
    url = reverse("diary:entry_edit", args=["spasms", spasm.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["started_at"] = form["started_at"].value().strftime("%Y-%m-%dT%H:%M")
    data["intensity"] = "10"
    data["body_areas"] = ["right-upper-arm"]
    assert client.post(url, data).status_code == 302
    assert Spasm.objects.get(pk=spasm.pk).intensity == 10


def delete_spasm(client, patient):
    spasm = Spasm.objects.filter(owner=patient).latest("started_at")
    client.post(reverse("diary:entry_delete", args=["spasms", spasm.pk]))
    assert not Spasm.objects.filter(pk=spasm.pk).exists()


def untag_spasm(client, patient):
    """Only a spasm's areas change (a many-to-many write, no row of the spasm's own)."""
    spasm = Spasm.objects.filter(owner=patient).latest("started_at")
    spasm.body_areas.set([])


def check_in(client, patient):
    patient.checkin_set.filter(local_date=today_for(patient)).delete()
    data = {"sleep_hours": "2", "stress": "10", "client_token": str(uuid.uuid4())}
    assert client.post(reverse("diary:check_in"), data).status_code == 302


def dose(client, patient):
    medication = patient.medication_set.get()
    data = {"medication": str(medication.pk), "client_token": str(uuid.uuid4())}
    assert client.post(reverse("diary:quick_dose"), data).status_code == 302


def technique_session(client, patient):
    Diary(patient).session(today_for(patient), Technique.objects.shipped().last().slug)


def rename_medication(client, patient):
    medication = patient.medication_set.get()
    medication.name = "Magnesium glycinate"
    medication.save()


def import_file(client, patient):
    other = type(patient).objects.create_user("imported-from", password="x" * 20)
    other.time_zone = patient.time_zone
    other.save()
    Diary(other).spasm(today_for(patient) - timedelta(days=1), intensity=8, areas=["neck"])
    restore.import_diary(patient, json_records.export_json(other))


WRITES = [
    quick_log,
    edit_spasm,
    delete_spasm,
    untag_spasm,
    check_in,
    dose,
    technique_session,
    rename_medication,
    import_file,
]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
@pytest.mark.parametrize("url", [INSIGHTS, REPORT, HISTORY], ids=["insights", "report", "history"])
def test_after_any_write_the_page_shows_the_new_figures_at_once(
    patient_client, patient, filled, write, url
):
    before = page(patient_client, url)
    version = version_of(patient)

    write(patient_client, patient)

    after = page(patient_client, url)
    assert version_of(patient) > version
    assert after != before
    assert after == fresh_page(patient_client, url)


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
def test_after_any_write_the_dashboard_equals_an_uncached_one(
    patient_client, patient, filled, write
):
    page(patient_client, DASHBOARD)

    write(patient_client, patient)

    assert page(patient_client, DASHBOARD) == fresh_page(patient_client, DASHBOARD)


def test_a_second_view_of_the_dashboard_reuses_its_figures(patient_client, filled):
    first = queries(patient_client, DASHBOARD)
    second = queries(patient_client, DASHBOARD)

    assert second <= first - 5, (first, second)
    assert page(patient_client, DASHBOARD) == fresh_page(patient_client, DASHBOARD)


def test_the_dashboard_never_suggests_a_page_since_unpublished(
    patient_client, patient, shipped_pages
):
    suggested = patient_client.get(DASHBOARD)
    assert 'href="/learn/about-this-guide/"' in suggested.content.decode()

    shipped_pages.filter(slug="about-this-guide").update(is_published=False)

    assert 'href="/learn/about-this-guide/"' not in patient_client.get(DASHBOARD).content.decode()


def test_the_clinicians_summary_is_never_stale(client, patient, doctor, filled):
    sharing.grant(patient, doctor)
    client.force_login(doctor)
    url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    first = queries(client, url)
    assert queries(client, url) < first
    before = page(client, url)

    Diary(patient).spasm(today_for(patient), intensity=9)

    after = page(client, url)
    assert after != before
    assert after == fresh_page(client, url)


def test_the_summarys_flags_follow_the_diary_at_once(client, patient, doctor):
    sharing.grant(patient, doctor)
    client.force_login(doctor)
    url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    Diary(patient).spasm(today_for(patient), intensity=3)
    assert "flag--severe" not in page(client, url)

    for back in range(3):
        Diary(patient).spasm(today_for(patient) - timedelta(days=back), intensity=8)

    assert "flag--severe" in page(client, url)


def test_the_language_is_part_of_the_key(patient_client, filled):
    english = page(patient_client, INSIGHTS)
    patient_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = page(patient_client, INSIGHTS)

    with translation.override("es"):
        in_spanish = gettext("On nights you slept 4 hours or less")
    assert in_spanish != "On nights you slept 4 hours or less"
    assert in_spanish in spanish and in_spanish not in english
    assert spanish == fresh_page(patient_client, INSIGHTS)


YEAR = reverse("diary:insights") + "?days=365"


@pytest.fixture
def a_year(patient, filled):
    """The diary began 300 days ago, so its year is shown week by week."""
    filled.spasm(today_for(patient) - timedelta(days=300), intensity=4)
    return filled


def test_a_chosen_week_is_cached_apart_from_the_plain_page(patient_client, a_year):
    plain = page(patient_client, YEAR)
    first_day = re.search(r"week=(\d{4}-\d{2}-\d{2})", plain).group(1)

    chosen = page(patient_client, f"{YEAR}&week={first_day}")

    assert 'id="week-days"' in chosen
    assert 'id="week-days"' not in page(patient_client, YEAR)


@pytest.mark.parametrize("raw", ["2026-02-30", "yesterday", "1900-01-01", "2026-1-5"])
def test_a_week_that_is_not_a_day_of_the_period_shows_the_plain_page(patient_client, a_year, raw):
    assert page(patient_client, f"{YEAR}&week={raw}") == page(patient_client, YEAR)


def test_a_long_history_address_makes_a_short_cache_key(patient_client, filled):
    url = HISTORY + "?start=" + "2026-01-01" * 40 + "&kinds=spasms"

    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # a key too long for memcached
        response = patient_client.get(url)

    assert response.status_code == 200
