"""The name a patient shows to clinicians, and their date of birth: set on the profile,
read by the clinicians they share with, exported with the diary."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import formats

from diary.care import sharing
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")


def profile_form(patient, **fields):
    return {"email": patient.email, "time_zone": patient.time_zone, **fields}


def summary_url(patient):
    return reverse("admin:diary_sharedpatient_summary", args=[patient.pk])


def test_a_patient_chooses_the_name_clinicians_see_and_gives_a_date_of_birth(
    patient_client, patient
):
    response = patient_client.post(
        PROFILE, profile_form(patient, shown_name="  Sam   Lee ", date_of_birth="1970-04-03")
    )

    patient.refresh_from_db()
    assert response.status_code == 302
    assert (patient.shown_name, patient.date_of_birth) == ("Sam Lee", dt.date(1970, 4, 3))


def test_both_are_optional(patient_client, patient):
    patient.shown_name, patient.date_of_birth = "Sam", dt.date(1970, 4, 3)
    patient.save()

    response = patient_client.post(PROFILE, profile_form(patient, shown_name="", date_of_birth=""))

    patient.refresh_from_db()
    assert response.status_code == 302
    assert (patient.shown_name, patient.date_of_birth) == ("", None)


def test_a_date_of_birth_still_to_come_is_refused_beside_the_field_and_kept(
    patient_client, patient
):
    response = patient_client.post(
        PROFILE, profile_form(patient, shown_name="Sam Lee", date_of_birth="2999-01-01")
    )

    patient.refresh_from_db()
    assert response.context["form"].errors["date_of_birth"] == [
        "That day has not come yet. Check the year."
    ]
    page = response.content.decode()
    assert 'value="2999-01-01"' in page and 'value="Sam Lee"' in page
    assert patient.date_of_birth is None and patient.shown_name == ""


def test_a_date_of_birth_that_is_not_a_date_gets_an_example(patient_client, patient):
    response = patient_client.post(PROFILE, profile_form(patient, date_of_birth="3rd April"))

    assert response.context["form"].errors["date_of_birth"] == ["Enter a date, like 1970-04-03."]


def test_the_name_shown_falls_back_to_the_full_name_then_the_username(make_user):
    person = make_user("sam42")
    assert sharing.display_name(person) == "sam42"

    person.first_name, person.last_name = "Samantha", "Lee"
    assert sharing.display_name(person) == "Samantha Lee"

    person.shown_name = "Sam Lee"
    assert sharing.display_name(person) == "Sam Lee"


def test_the_username_goes_beside_a_chosen_name_and_is_not_repeated_alone(make_user):
    person = make_user("sam42")
    assert sharing.display_name_with_username(person) == "sam42"

    person.shown_name = "Sam Lee"
    assert sharing.display_name_with_username(person) == "Sam Lee (sam42)"


def test_the_clinician_sees_the_name_with_the_username_and_the_date_of_birth(
    client, patient, doctor
):
    patient.shown_name, patient.date_of_birth = "Sam Lee", dt.date(1970, 4, 3)
    patient.save()
    sharing.grant(patient, doctor)
    client.force_login(doctor)

    patients_list = client.get(reverse("admin:diary_sharedpatient_changelist"))
    summary = client.get(summary_url(patient))

    assert "Sam Lee (pat)" in patients_list.content.decode()
    assert summary.context["title"].startswith("Sam Lee (pat)")
    meta = summary.content.decode().split('class="summary-meta"')[1].split("</p>")[0]
    assert f"Born {formats.date_format(patient.date_of_birth)}" in meta


def test_the_summary_says_nothing_of_a_birth_date_not_given(client, patient, doctor):
    sharing.grant(patient, doctor)
    client.force_login(doctor)

    assert "Born" not in client.get(summary_url(patient)).content.decode()


def test_a_patients_profile_has_no_clinician_settings(patient_client, patient):
    response = patient_client.post(PROFILE, profile_form(patient, listed_for_patients="on"))

    patient.refresh_from_db()
    assert response.status_code == 302
    assert not patient.listed_for_patients
    page = patient_client.get(PROFILE).content.decode()
    assert "List me for patients to choose" not in page and 'name="practice"' not in page


def test_the_json_export_carries_the_name_and_the_date_of_birth(patient_client, patient):
    patient.shown_name, patient.date_of_birth = "Sam Lee", dt.date(1970, 4, 3)
    patient.save()

    document = json.loads(downloaded(patient_client.get(reverse("diary:export_json"))))

    assert document["patient"]["shown_name"] == "Sam Lee"
    assert document["patient"]["date_of_birth"] == "1970-04-03"
