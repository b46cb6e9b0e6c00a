"""The clinician's patients list is reused whole while nothing it shows has changed,
and never once something has: after any change to what the clinician may see or to a
listed diary, and as the clock moves, it equals a list built with an empty cache."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from diary.care import sharing
from diary.models import Spasm
from tests.conftest import Diary, count_queries, today_for

pytestmark = pytest.mark.django_db

LIST = reverse("admin:diary_sharedpatient_changelist")


def page(client, url=LIST):
    """The whole page, without the log-out form's token (new on every request)."""
    response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r"\s+", " ", html)


def shows(html, patient):
    return f">{sharing.display_name_with_username(patient)}<" in html


def fresh_page(client, url=LIST):
    cache.clear()
    return page(client, url)


@pytest.fixture
def listed(patient, stranger, doctor):
    """Two patients share with the doctor; pat logged a spasm five minutes ago."""
    sharing.grant(patient, doctor)
    sharing.grant(stranger, doctor)
    Diary(patient).spasm(today_for(patient), intensity=8, triggers=["cold"])
    return patient


def a_spasm_logged(patient, doctor):
    Diary(patient).spasm(today_for(patient), intensity=9, triggers=["stress"])


def a_spasm_deleted(patient, doctor):
    Spasm.objects.filter(owner=patient).first().delete()


def the_patient_renamed(patient, doctor):
    patient.shown_name = "Pat Renamed"
    patient.save()


def marked_reviewed(patient, doctor):
    sharing.mark_reviewed(doctor, patient, today_for(patient))


def the_share_revoked(patient, doctor):
    sharing.revoke(sharing.shares_of(patient).get(clinician=doctor))


def revoked_and_shared_again(patient, doctor):
    sharing.revoke(sharing.shares_of(patient).get(clinician=doctor))
    sharing.grant(patient, doctor)
    patient.shown_name = "Pat Again"
    patient.save()


def a_new_patient_shares(patient, doctor):
    newcomer = type(patient).objects.create_user("newcomer", password="x")
    sharing.grant(newcomer, doctor)


CHANGES = [
    a_spasm_logged,
    a_spasm_deleted,
    the_patient_renamed,
    marked_reviewed,
    the_share_revoked,
    revoked_and_shared_again,
    a_new_patient_shares,
]


def test_a_second_view_reuses_the_list(doctor_client, listed):
    doctor_client.get(LIST, {"o": "1"})  # the session and permissions, not this list
    first = count_queries(doctor_client, LIST)
    second = count_queries(doctor_client, LIST)

    assert second < first, (first, second)
    assert "cl" not in doctor_client.get(LIST).context  # no change list was built


def test_a_reused_list_is_the_page_an_empty_cache_gives(doctor_client, listed):
    page(doctor_client)

    assert page(doctor_client) == fresh_page(doctor_client)


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_after_any_change_the_list_equals_an_uncached_one(doctor_client, doctor, listed, change):
    before = page(doctor_client)

    change(listed, doctor)

    after = page(doctor_client)
    assert after != before
    assert after == fresh_page(doctor_client)


def test_each_address_is_its_own_list(doctor_client, listed):
    everyone = page(doctor_client)
    searched = page(doctor_client, f"{LIST}?q=stranger")

    assert searched != everyone
    assert searched == fresh_page(doctor_client, f"{LIST}?q=stranger")
    assert 'href="/admin/diary/sharedpatient/' in everyone
    assert f"{listed.username} " not in searched.split('id="result_list"')[1]


def test_a_clinician_never_gets_another_clinicians_list(
    client, patient, stranger, doctor, other_doctor
):
    sharing.grant(patient, doctor)
    sharing.grant(stranger, other_doctor)
    client.force_login(doctor)
    page(client)

    client.force_login(other_doctor)
    theirs = page(client)

    assert shows(theirs, stranger)
    assert not shows(theirs, patient)
    assert theirs == fresh_page(client)


def test_a_share_that_runs_out_leaves_the_list_at_once(doctor_client, patient, doctor):
    sharing.grant(patient, doctor, until=today_for(patient))
    assert shows(page(doctor_client), patient)

    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        after = page(doctor_client)
        assert not shows(after, patient)
        assert after == fresh_page(doctor_client)


def test_a_new_time_zone_moves_the_patients_days_at_once(doctor_client, patient, doctor):
    # Noon in London is already tomorrow on Kiritimati (UTC+14).
    noon = dt.datetime.combine(timezone.now().date(), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(noon, tick=False):
        sharing.grant(patient, doctor)
        Diary(patient).spasm(today_for(patient) - dt.timedelta(days=6), hour=9)
        before = page(doctor_client)

        patient.time_zone = "Pacific/Kiritimati"
        patient.save()

        after = page(doctor_client)
        assert after != before  # that spasm is no longer one of the last 7 days
        assert after == fresh_page(doctor_client)


def test_the_time_since_the_last_entry_follows_the_clock(doctor_client, listed):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        before = page(doctor_client)
    with time_machine.travel(now + dt.timedelta(minutes=3), tick=False):
        after = page(doctor_client)
        assert after != before
        assert after == fresh_page(doctor_client)


def test_the_quiet_flag_rises_the_minute_seven_days_pass(doctor_client, listed):
    now = timezone.now()
    Diary(listed).backdate(Spasm.objects.get(owner=listed), now - dt.timedelta(days=7, minutes=-1))
    with time_machine.travel(now, tick=False):
        assert page(doctor_client).count("flag--quiet") == 1  # the stranger's, never used
    with time_machine.travel(now + dt.timedelta(minutes=2), tick=False):
        assert page(doctor_client).count("flag--quiet") == 2


def test_the_language_is_part_of_the_key(doctor_client, listed):
    english = page(doctor_client)
    doctor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    spanish = page(doctor_client)

    assert spanish != english
    assert spanish == fresh_page(doctor_client)


def test_an_address_the_list_cannot_read_is_answered_each_time(doctor_client, listed):
    for _ in range(2):
        response = doctor_client.get(LIST, {"no_such_field": "1"})
        assert response.status_code == 302
        assert "e=1" in response.url
