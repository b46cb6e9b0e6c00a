"""The clinician's patients list in the admin: only who shares, sortable, filterable, fast."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.care import sharing
from diary.models import AccessLog
from tests.conftest import Diary, bulk_diary, count_queries, today_for

pytestmark = pytest.mark.django_db

LIST = reverse("admin:diary_sharedpatient_changelist")
SPASMS_30_COLUMN = 3  # its place in list_display, for the admin's ?o= sorting


def listed(response):
    return [patient.username for patient in response.context["cl"].result_list]


def test_it_lists_only_the_patients_who_share_with_this_clinician(
    doctor_client, patient, stranger, doctor, other_doctor
):
    sharing.grant(patient, doctor)
    sharing.grant(stranger, other_doctor)

    response = doctor_client.get(LIST)

    assert listed(response) == ["pat"]
    assert "stranger" not in response.content.decode()


def test_a_clinician_nobody_shares_with_sees_an_empty_list(doctor_client, patient):
    assert listed(doctor_client.get(LIST)) == []


def test_search_finds_shared_patients_by_name_and_never_others(
    doctor_client, patient, stranger, doctor, shared
):
    patient.first_name = "Patricia"
    patient.save()

    assert listed(doctor_client.get(LIST, {"q": "patri"})) == ["pat"]
    assert listed(doctor_client.get(LIST, {"q": "stranger"})) == []


def test_a_superuser_sees_only_the_patients_who_share_with_them(client, host, patient, stranger):
    sharing.grant(patient, host)
    client.force_login(host)

    assert listed(client.get(LIST)) == ["pat"]


def test_each_row_shows_the_patients_figures(doctor_client, patient, shared, diary):
    today = today_for(patient)
    diary.spasm(today, intensity=4, triggers=["cold"])
    diary.spasm(today - dt.timedelta(days=10), intensity=8, triggers=["cold"])

    page = doctor_client.get(LIST).content.decode()

    for cell in ('class="field-spasms_last_7_days">1<', 'class="field-spasms_last_30_days">2<'):
        assert cell in page
    assert 'class="field-mean_intensity">6<' in page
    assert 'class="field-top_trigger_name">Cold<' in page


def test_the_name_links_to_the_summary_and_there_is_a_90_day_link(doctor_client, patient, shared):
    page = doctor_client.get(LIST).content.decode()
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    assert f'href="{summary}?days=30"' in page
    assert f'href="{summary}?days=90"' in page


def test_it_sorts_by_spasms_in_the_last_30_days(
    doctor_client, doctor, patient, stranger, make_user
):
    counts = {patient: 3, stranger: 1, make_user("third"): 2}
    for person, count in counts.items():
        sharing.grant(person, doctor)
        for _ in range(count):
            Diary(person).spasm(today_for(person))

    descending = doctor_client.get(LIST, {"o": f"-{SPASMS_30_COLUMN}"})
    ascending = doctor_client.get(LIST, {"o": f"{SPASMS_30_COLUMN}"})

    assert listed(descending) == ["pat", "third", "stranger"]
    assert listed(ascending) == ["stranger", "third", "pat"]


def test_the_flag_filter_keeps_only_flagged_patients(doctor_client, doctor, patient, stranger):
    sharing.grant(patient, doctor)
    sharing.grant(stranger, doctor)
    for days_ago in (3, 2, 1):
        Diary(patient).spasm(today_for(patient) - dt.timedelta(days=days_ago), intensity=9)
    # A diary five weeks old, so the last week has four weeks before it to compare with.
    Diary(patient).check_in(today_for(patient) - dt.timedelta(days=40), stress=2)
    Diary(stranger).check_in(today_for(stranger), stress=2)

    assert listed(doctor_client.get(LIST, {"flag": "severe"})) == ["pat"]
    assert listed(doctor_client.get(LIST, {"flag": "rising"})) == ["pat"]
    assert listed(doctor_client.get(LIST, {"flag": "quiet"})) == []
    assert listed(doctor_client.get(LIST, {"flag": "any"})) == ["pat"]


def test_the_quiet_flag_filter_finds_patients_who_logged_nothing(
    doctor_client, doctor, patient, stranger
):
    sharing.grant(patient, doctor)
    sharing.grant(stranger, doctor)
    Diary(stranger).check_in(today_for(stranger), stress=2)

    assert listed(doctor_client.get(LIST, {"flag": "quiet"})) == ["pat"]


def test_not_reviewed_since_makes_a_review_queue(doctor_client, doctor, other_doctor, make_user):
    today = timezone.localdate()
    recent, stale, never = make_user("recent"), make_user("stale"), make_user("never")
    for person in (recent, stale, never):
        sharing.grant(person, doctor)
    sharing.mark_reviewed(doctor, recent, today - dt.timedelta(days=2))
    sharing.mark_reviewed(doctor, stale, today - dt.timedelta(days=20))
    sharing.mark_reviewed(other_doctor, never, today)  # someone else's review does not count

    assert listed(doctor_client.get(LIST, {"not_reviewed": "7"})) == ["never", "stale"]
    assert listed(doctor_client.get(LIST, {"not_reviewed": "30"})) == ["never"]
    assert listed(doctor_client.get(LIST, {"not_reviewed": "ever"})) == ["never"]


def test_typing_the_id_of_an_unshared_patient_is_not_found(doctor_client, stranger, shared):
    response = doctor_client.get(reverse("admin:diary_sharedpatient_change", args=[stranger.pk]))

    assert response.status_code == 404


def test_a_shared_patients_page_is_their_summary(doctor_client, patient, shared):
    response = doctor_client.get(reverse("admin:diary_sharedpatient_change", args=[patient.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:diary_sharedpatient_summary", args=[patient.pk]))


def test_patients_cannot_be_added_changed_or_deleted(doctor_client, patient, shared):
    assert doctor_client.get(reverse("admin:diary_sharedpatient_add")).status_code == 403
    delete = reverse("admin:diary_sharedpatient_delete", args=[patient.pk])
    assert doctor_client.post(delete, {"post": "yes"}).status_code == 403


def test_the_list_itself_is_not_written_to_the_access_log(doctor_client, shared):
    doctor_client.get(LIST)

    assert not AccessLog.objects.exists()


def test_the_list_costs_the_same_queries_for_one_small_diary_or_many_large_ones(
    doctor_client, doctor, patient, make_user, django_assert_max_num_queries
):
    sharing.grant(patient, doctor)
    Diary(patient).spasm(today_for(patient), triggers=["cold"])
    # Warm the session and permission caches of the first request, not the list's own.
    doctor_client.get(LIST, {"o": "1"})
    small = count_queries(doctor_client, LIST)

    for number in range(25):
        person = make_user(f"patient{number}")
        sharing.grant(person, doctor)
        bulk_diary(person, today_for(person), 40, 2)
    bulk_diary(patient, today_for(patient), 400, 3)

    with django_assert_max_num_queries(small):
        response = doctor_client.get(LIST)
    assert len(response.context["cl"].result_list) == 26
    assert small <= 10, small


def test_the_list_loads_none_of_the_admins_form_scripts(doctor_client, shared):
    # It has no actions, nothing to edit and no pop-ups; 87 KB of jQuery and XRegExp
    # held its first paint on a phone.
    html = doctor_client.get(LIST).content.decode()

    assert "jquery" not in html.lower()
    assert "xregexp" not in html.lower()
