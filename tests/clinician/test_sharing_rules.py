"""The rules of sharing, as plain functions: who may see whom, and for how long."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from django.utils import timezone

from diary.care import sharing
from diary.models import AccessLog, CareShare

pytestmark = pytest.mark.django_db


def visible(user):
    return set(sharing.patients_visible_to(user))


def test_a_clinician_sees_only_the_patients_who_share_with_them(
    patient, stranger, doctor, other_doctor
):
    sharing.grant(patient, doctor)
    sharing.grant(stranger, other_doctor)

    assert visible(doctor) == {patient}
    assert visible(other_doctor) == {stranger}


def test_a_revoked_share_shows_nobody(patient, doctor):
    sharing.revoke(sharing.grant(patient, doctor))

    assert visible(doctor) == set()


def test_a_share_until_a_day_ends_at_midnight_after_it_in_the_patients_zone(patient, doctor):
    share = sharing.grant(patient, doctor, until=dt.date(2025, 7, 1))

    # Europe/London is an hour ahead of UTC in July.
    assert share.expires_at == dt.datetime(2025, 6, 30, 23, 0, tzinfo=dt.UTC) + dt.timedelta(days=1)


def test_an_expired_share_shows_nobody(patient, doctor):
    share = sharing.grant(patient, doctor)
    CareShare.objects.filter(pk=share.pk).update(expires_at=timezone.now())

    assert visible(doctor) == set()
    assert not CareShare.objects.get(pk=share.pk).is_active


def test_a_share_until_today_still_works_today(patient, doctor):
    sharing.grant(patient, doctor, until=timezone.localdate(timezone=patient.zone))

    assert visible(doctor) == {patient}


def test_a_superuser_sees_nobody_without_a_share(patient, stranger, host):
    assert visible(host) == set()


def test_a_superuser_sees_whoever_shares_with_them(patient, stranger, host):
    sharing.grant(patient, host)

    assert visible(host) == {patient}


def test_patients_anonymous_and_inactive_users_see_nobody(patient, stranger, doctor, shared):
    assert visible(patient) == set()
    assert visible(AnonymousUser()) == set()
    doctor.is_active = False
    assert visible(doctor) == set()


def test_a_clinician_who_is_no_longer_staff_sees_nobody(patient, doctor, shared):
    doctor.is_staff = False
    doctor.save()

    assert visible(doctor) == set()


def test_granting_again_changes_the_end_day_of_the_open_share(patient, doctor):
    first = sharing.grant(patient, doctor, until=dt.date(2030, 1, 1))
    again = sharing.grant(patient, doctor)

    assert again.pk == first.pk
    assert again.expires_at is None
    assert CareShare.objects.count() == 1


def test_granting_after_expiry_closes_the_old_share_and_opens_a_new_one(patient, doctor):
    old = sharing.grant(patient, doctor)
    ended = timezone.now() - dt.timedelta(days=1)
    CareShare.objects.filter(pk=old.pk).update(expires_at=ended)

    new = sharing.grant(patient, doctor)

    old.refresh_from_db()
    assert new.pk != old.pk and new.is_active
    assert old.revoked_at == ended
    assert visible(doctor) == {patient}


def test_the_database_refuses_two_open_shares_with_one_clinician(patient, doctor):
    sharing.grant(patient, doctor)

    with pytest.raises(IntegrityError):
        CareShare.objects.create(patient=patient, clinician=doctor)


def test_nobody_can_share_with_themselves(doctor):
    with pytest.raises(ValueError):
        sharing.grant(doctor, doctor)


def test_find_clinician_matches_username_or_email_of_clinicians_only(patient, doctor, other_doctor):
    assert sharing.find_clinician("DR_LEE") == doctor
    assert sharing.find_clinician(" dr_other@example.org ") == other_doctor
    assert sharing.find_clinician(patient.username) is None
    assert sharing.find_clinician(patient.email) is None
    assert sharing.find_clinician("nobody") is None
    assert sharing.find_clinician("") is None


def test_staff_outside_the_clinicians_group_are_not_clinicians(make_user):
    make_user("helper", is_staff=True)

    assert sharing.find_clinician("helper") is None


def test_log_access_writes_one_row_per_patient_in_one_query(
    patient, stranger, doctor, django_assert_num_queries
):
    with django_assert_num_queries(1):
        sharing.log_access(doctor, [patient, stranger.pk, patient], AccessLog.Action.LIST)

    rows = AccessLog.objects.order_by("patient_id")
    assert [(row.patient, row.clinician, row.clinician_name) for row in rows] == [
        (patient, doctor, "dr_lee"),
        (stranger, doctor, "dr_lee"),
    ]


def test_the_access_log_keeps_the_name_when_the_clinician_account_is_deleted(patient, doctor):
    doctor.first_name, doctor.last_name = "Ana", "Lee"
    sharing.log_access(doctor, [patient], AccessLog.Action.SUMMARY)
    doctor.delete()

    visit = sharing.access_log_for(patient).get()
    assert (visit.clinician, visit.clinician_name) == (None, "Ana Lee")


def test_feedback_is_the_notes_shown_to_the_patient_newest_first(patient, stranger, doctor):
    sharing.add_note(doctor, patient, "Private thought")
    first = sharing.add_note(doctor, patient, "Keep up the stretching", visible_to_patient=True)
    second = sharing.add_note(doctor, patient, "See you in May", visible_to_patient=True)
    sharing.add_note(doctor, stranger, "For someone else", visible_to_patient=True)

    assert list(sharing.feedback_for(patient)) == [second, first]
