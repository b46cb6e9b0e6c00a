"""The one-screen summary in the admin: only for shared patients, logged, printable, fast."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from diary.care import sharing
from diary.models import AccessLog, ClinicianNote, ReviewMark
from tests.conftest import Diary, bulk_diary, count_queries, today_for

pytestmark = pytest.mark.django_db


def summary_url(patient, days=None):
    url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    return f"{url}?days={days}" if days else url


def test_it_shows_the_last_30_days_by_default_and_90_on_request(
    doctor_client, patient, shared, diary
):
    today = today_for(patient)
    diary.spasm(today, intensity=6)
    diary.spasm(today - dt.timedelta(days=50), intensity=2)

    thirty = doctor_client.get(summary_url(patient))
    ninety = doctor_client.get(summary_url(patient, 90))

    assert thirty.context["summary"].period.days == 30
    assert thirty.context["summary"].totals.spasms == 1
    # The diary began 50 days ago: the 90 days are cut to the 51 it has.
    assert ninety.context["summary"].period.asked_days == 90
    assert ninety.context["summary"].period.days == 51
    assert ninety.context["summary"].totals.spasms == 2
    assert "pat: the last 90 days" in ninety.content.decode()


def test_an_unknown_period_falls_back_to_30_days(doctor_client, patient, shared):
    response = doctor_client.get(summary_url(patient, "7000"))

    assert response.context["days"] == 30


def test_the_page_shows_each_section_with_known_figures(doctor_client, patient, shared, diary):
    today = today_for(patient)
    for days_ago in (0, 1, 2):
        diary.spasm(
            today - dt.timedelta(days=days_ago),
            intensity=8,
            areas=["neck", "left-hand"],
            triggers=["cold"],
            note=f"note {days_ago}",
        )
    for _ in range(3):  # under 3 sessions, a technique's effect is too few to tell
        diary.session(today, "heat", before=7, after=4)
    diary.dose(diary.medication("Magnesium"), today, amount="400")
    diary.check_in(today, sleep_quality=3, stress=8)

    page = doctor_client.get(summary_url(patient)).content.decode()

    for text in (
        "1 of 19",  # ACR areas with spasms in the last 7 days: the neck
        "Neck",
        "Cold",
        "Heat",
        "<td>3 <span",  # the mean drop for heat, no needless ".0"
        "3 of 3 (100%)",  # heat helped: it eased the spasm by 2 points or more each time
        "Magnesium",
        "400 mg",
        "note 2",
        "severe (7+) three days running",  # the flag
        "calendar-day--unusual",
        "chart__bar--unusual",
    ):
        assert text in page, text


def test_every_chart_has_a_table_beside_it_and_no_inline_style_or_script(
    doctor_client, patient, shared, diary
):
    today = today_for(patient)
    diary.spasm(today, intensity=5)
    diary.check_in(today, sleep_quality=6, stress=4)

    page = doctor_client.get(summary_url(patient)).content.decode()
    content = page[page.index('id="content-main"') : page.index("<!-- END Content -->")]

    assert content.count('<svg class="chart__svg"') == 3
    assert content.count('class="chart-table"') == 2  # spasms and intensity share one
    assert " style=" not in content and "<style" not in content and "<script" not in content
    assert "css/admin.css" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host


def test_it_is_not_found_for_a_patient_who_does_not_share(doctor_client, stranger, shared):
    assert doctor_client.get(summary_url(stranger)).status_code == 404


def test_it_is_not_found_for_a_patient_who_shares_with_someone_else(
    doctor_client, stranger, other_doctor
):
    sharing.grant(stranger, other_doctor)

    assert doctor_client.get(summary_url(stranger)).status_code == 404


@pytest.mark.parametrize("object_id", ["999999", "abc", "1%2F2"])
def test_it_is_not_found_for_an_id_that_is_nobody(doctor_client, shared, object_id):
    url = reverse("admin:diary_sharedpatient_summary", args=["0"]).replace("/0/", f"/{object_id}/")

    assert doctor_client.get(url).status_code == 404


def test_opening_the_summary_is_written_to_the_patients_access_log(
    doctor_client, patient, doctor, shared
):
    doctor_client.get(summary_url(patient, 90))

    visit = AccessLog.objects.get()
    assert (visit.patient, visit.clinician, visit.action) == (
        patient,
        doctor,
        AccessLog.Action.SUMMARY,
    )
    assert visit.detail_text() == "the last 90 days"


def test_a_refused_summary_writes_nothing_to_any_log(doctor_client, stranger, shared):
    doctor_client.get(summary_url(stranger))

    assert not AccessLog.objects.exists()


def test_a_superuser_without_a_share_cannot_open_a_summary(client, host, stranger):
    client.force_login(host)

    assert client.get(summary_url(stranger)).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_superuser_with_a_share_opens_the_summary_and_is_logged_like_anyone(
    client, host, stranger
):
    sharing.grant(stranger, host)
    client.force_login(host)

    assert client.get(summary_url(stranger)).status_code == 200
    assert AccessLog.objects.get().clinician == host


def test_marking_as_reviewed_records_who_and_up_to_when(doctor_client, patient, doctor, shared):
    day = today_for(patient) - dt.timedelta(days=1)

    response = doctor_client.post(
        reverse("admin:diary_sharedpatient_review", args=[patient.pk]),
        {"period_end": day.isoformat(), "days": "90"},
    )

    mark = ReviewMark.objects.get()
    assert (mark.clinician, mark.patient, mark.period_end) == (doctor, patient, day)
    assert response.url == summary_url(patient, 90)
    page = doctor_client.get(summary_url(patient)).content.decode()
    assert "you reviewed up to" in page


def test_a_review_cannot_reach_into_the_future(doctor_client, patient, shared):
    tomorrow = today_for(patient) + dt.timedelta(days=1)

    response = doctor_client.post(
        reverse("admin:diary_sharedpatient_review", args=[patient.pk]),
        {"period_end": tomorrow.isoformat()},
    )

    assert response.status_code == 200
    assert "That day has not happened yet" in response.content.decode()
    assert not ReviewMark.objects.exists()


def test_a_note_is_private_unless_ticked_for_the_patient(doctor_client, patient, doctor, shared):
    note_url = reverse("admin:diary_sharedpatient_note", args=[patient.pk])

    doctor_client.post(note_url, {"text": "Ask about sleep."})
    doctor_client.post(
        note_url, {"text": "Well done on the stretching.", "visible_to_patient": "on"}
    )

    assert ClinicianNote.objects.filter(clinician=doctor, patient=patient).count() == 2
    assert [note.text for note in sharing.feedback_for(patient)] == ["Well done on the stretching."]
    page = doctor_client.get(summary_url(patient)).content.decode()
    assert "Ask about sleep." in page and "Well done on the stretching." in page


def test_an_empty_note_is_refused_with_a_message(doctor_client, patient, shared):
    response = doctor_client.post(
        reverse("admin:diary_sharedpatient_note", args=[patient.pk]), {"text": ""}
    )

    assert "Write the note first." in response.content.decode()
    assert not ClinicianNote.objects.exists()


@pytest.mark.parametrize("name", ["review", "note"])
def test_reviews_and_notes_are_refused_for_a_patient_who_does_not_share(
    doctor_client, stranger, shared, name
):
    url = reverse(f"admin:diary_sharedpatient_{name}", args=[stranger.pk])

    response = doctor_client.post(url, {"period_end": "2025-01-01", "text": "x"})

    assert response.status_code == 404
    assert not ReviewMark.objects.exists() and not ClinicianNote.objects.exists()


def test_the_summary_costs_the_same_queries_for_a_small_and_a_large_diary(
    doctor_client, patient, stranger, doctor, shared, django_assert_max_num_queries
):
    Diary(patient).spasm(today_for(patient), areas=["neck"], triggers=["cold"], note="one")
    doctor_client.get(summary_url(patient, 90))  # warm the first request's caches
    cache.clear()  # but not the figures (diary.diary_version): both diaries' are computed
    small = count_queries(doctor_client, summary_url(patient, 90))

    sharing.grant(stranger, doctor)
    bulk_diary(stranger, today_for(stranger), 400, 4)

    with django_assert_max_num_queries(small):
        response = doctor_client.get(summary_url(stranger, 90))
    assert response.context["summary"].totals.spasms == 360
    # 22, 4 for delayed effects and medicines, 2 for symptom checks, 1 for the flags
    assert small <= 29, small


def test_the_page_is_laid_out_for_print(doctor_client, patient, shared):
    page = doctor_client.get(summary_url(patient)).content.decode()

    assert re.search(r'class="summary-forms no-print"', page)
    with open("static/css/admin.css") as css:
        assert "@media print" in css.read()
