"""/diary/sharing/: the patient shares, sets an end day, stops sharing, sees who looked."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.care import sharing
from diary.care.share_forms import NOT_A_CLINICIAN
from diary.models import AccessLog, CareShare

pytestmark = pytest.mark.django_db

PAGE = reverse("diary:sharing")


def revoke_url(share):
    return reverse("diary:sharing_revoke", args=[share.pk])


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_new_patient_is_told_their_diary_is_private(patient_client):
    page = patient_client.get(PAGE).content.decode()

    assert "Nobody. Your diary is private to you." in page
    assert "Nobody has looked at your diary." in page


def test_it_shares_with_a_clinician_by_username(patient_client, patient, doctor):
    response = patient_client.post(PAGE, {"clinician": "dr_lee"}, follow=True)

    share = CareShare.objects.get()
    assert (share.patient, share.clinician, share.expires_at) == (patient, doctor, None)
    assert "dr_lee can now read your diary, until you stop sharing." in response.content.decode()
    assert set(sharing.patients_visible_to(doctor)) == {patient}


def test_it_shares_with_a_clinician_by_email_until_a_day(patient_client, patient, doctor):
    until = timezone.localdate(timezone=patient.zone) + dt.timedelta(days=14)

    response = patient_client.post(
        PAGE, {"clinician": "DR_LEE@example.org", "until": until.isoformat()}, follow=True
    )

    share = CareShare.objects.get()
    assert share.clinician == doctor
    assert share.expires_at == sharing.end_of_day(until, patient.zone)
    assert "until the end of" in response.content.decode()


def test_it_refuses_someone_who_is_not_a_clinician_without_saying_whether_they_exist(
    patient_client, stranger, doctor
):
    for text in ("stranger", "stranger@example.org", "no-such-person"):
        response = patient_client.post(PAGE, {"clinician": text})

        assert response.status_code == 200
        assert response.context["form"].errors["clinician"] == [str(NOT_A_CLINICIAN)]
        assert f'value="{text}"' in response.content.decode()
    assert not CareShare.objects.exists()


def test_it_refuses_a_day_that_has_passed_and_keeps_what_was_typed(patient_client, patient):
    yesterday = timezone.localdate(timezone=patient.zone) - dt.timedelta(days=1)

    response = patient_client.post(PAGE, {"clinician": "dr_lee", "until": yesterday.isoformat()})

    assert "That day has passed" in response.content.decode()
    assert 'value="dr_lee"' in response.content.decode()
    assert not CareShare.objects.exists()


def test_it_lists_who_has_access_and_until_when(patient_client, patient, doctor, other_doctor):
    sharing.grant(patient, doctor)
    sharing.grant(patient, other_doctor, until=dt.date(2099, 5, 1))

    response = patient_client.get(PAGE)

    assert {share.clinician for share in response.context["current_shares"]} == {
        doctor,
        other_doctor,
    }
    page = response.content.decode()
    assert "Olu Other" in page and "until you stop it" in page and "2 May 2099" in page


def test_stop_sharing_revokes_at_once(patient_client, patient, doctor, shared):
    response = patient_client.post(revoke_url(shared), follow=True)

    shared.refresh_from_db()
    assert shared.revoked_at is not None
    assert "dr_lee can no longer read your diary." in response.content.decode()
    assert not sharing.patients_visible_to(doctor).exists()
    assert response.context["past_shares"] == [shared]


def test_stop_sharing_is_a_post(patient_client, shared):
    assert patient_client.get(revoke_url(shared)).status_code == 405


def test_a_patient_cannot_stop_someone_elses_share(client, stranger, doctor, shared):
    client.force_login(stranger)

    assert client.post(revoke_url(shared)).status_code == 404
    shared.refresh_from_db()
    assert shared.revoked_at is None


def test_an_expired_share_moves_to_earlier_shares(patient_client, shared):
    CareShare.objects.filter(pk=shared.pk).update(expires_at=timezone.now())

    response = patient_client.get(PAGE)

    assert response.context["current_shares"] == []
    assert [share.pk for share in response.context["past_shares"]] == [shared.pk]


def test_the_access_log_shows_the_clinicians_visit(patient_client, patient, doctor, shared):
    doctor.first_name, doctor.last_name = "Ana", "Lee"
    sharing.log_access(doctor, [patient], AccessLog.Action.SUMMARY, "the last 90 days")

    page = patient_client.get(PAGE).content.decode()

    assert "Ana Lee" in page
    assert "Opened your summary" in page and "the last 90 days" in page


def test_the_access_log_shows_only_the_patients_own_visits(patient_client, stranger, doctor):
    sharing.log_access(doctor, [stranger], AccessLog.Action.SUMMARY)

    assert "Nobody has looked at your diary." in patient_client.get(PAGE).content.decode()


def test_feedback_from_clinicians_shows_on_the_page_but_private_notes_do_not(
    patient_client, patient, doctor
):
    sharing.add_note(doctor, patient, "Try heat before bed.", visible_to_patient=True)
    sharing.add_note(doctor, patient, "Consider a referral.")

    page = patient_client.get(PAGE).content.decode()

    assert "From your clinician" in page and "Try heat before bed." in page
    assert "Consider a referral." not in page


def test_the_page_costs_the_same_queries_with_a_long_access_log(
    patient_client, patient, doctor, other_doctor, django_assert_max_num_queries
):
    sharing.grant(patient, doctor)
    sharing.grant(patient, other_doctor)
    for _ in range(120):
        sharing.log_access(doctor, [patient], AccessLog.Action.LIST)

    with django_assert_max_num_queries(8):
        response = patient_client.get(PAGE)

    assert len(response.context["access_log"].object_list) == 50
