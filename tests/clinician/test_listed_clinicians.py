"""Picking a clinician from a list: those who chose to be listed are offered by name and
practice; anyone else is still reached by username or email."""

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.models import CareShare
from tests.helpers import checked_values

pytestmark = pytest.mark.django_db

PAGE = reverse("diary:sharing")


@pytest.fixture
def listed(make_clinician):
    return make_clinician(
        "dr_ana",
        shown_name="Dr Ana Rivera",
        listed_for_patients=True,
        practice="Riverside Pain Clinic",
    )


def test_listed_clinicians_are_offered_by_name_and_practice(patient_client, listed, doctor):
    page = patient_client.get(PAGE).content.decode()

    assert "Dr Ana Rivera, Riverside Pain Clinic" in page
    assert "dr_lee" not in page  # the doctor did not choose to be listed


def test_the_list_is_a_labelled_group_of_radio_buttons(patient_client, listed):
    page = patient_client.get(PAGE).content.decode()

    group = page[page.index("<fieldset") : page.index("</fieldset>")]
    assert "<legend" in group and "Choose your clinician" in group
    assert group.count('type="radio"') == 2  # the listed clinician, and someone else
    assert f'name="listed" value="{listed.pk}"' in group
    assert 'name="listed" value=""' in group
    assert "Or write your clinician&#x27;s username or email" in page


def test_without_a_listed_clinician_the_page_asks_for_a_username_as_before(patient_client, doctor):
    response = patient_client.get(PAGE)

    assert "listed" not in response.context["form"].fields
    assert 'name="listed"' not in response.content.decode()
    assert "Your clinician&#x27;s username or email" in response.content.decode()


def test_a_patient_shares_by_picking_a_listed_clinician(patient_client, patient, listed):
    response = patient_client.post(PAGE, {"listed": str(listed.pk), "clinician": ""}, follow=True)

    share = CareShare.objects.get()
    assert (share.patient, share.clinician) == (patient, listed)
    assert "Dr Ana Rivera can now read your diary" in response.content.decode()


def test_an_unlisted_clinician_is_still_reached_by_username(
    patient_client, patient, listed, doctor
):
    patient_client.post(PAGE, {"listed": "", "clinician": "dr_lee"})

    assert CareShare.objects.get().clinician == doctor


def test_picking_one_and_writing_the_same_ones_username_is_fine(patient_client, listed):
    patient_client.post(PAGE, {"listed": str(listed.pk), "clinician": "dr_ana"})

    assert CareShare.objects.get().clinician == listed


def test_picking_one_and_writing_another_is_refused_and_both_are_kept(
    patient_client, listed, doctor
):
    response = patient_client.post(PAGE, {"listed": str(listed.pk), "clinician": "dr_lee"})

    assert response.context["form"].errors["clinician"] == [
        "You chose a clinician from the list and wrote another: keep only one."
    ]
    page = response.content.decode()
    assert 'value="dr_lee"' in page
    assert checked_values(page, "listed") == {str(listed.pk)}
    assert not CareShare.objects.exists()


def test_choosing_nobody_and_writing_nothing_is_refused_beside_the_list(patient_client, listed):
    response = patient_client.post(PAGE, {"clinician": ""})

    assert response.context["form"].errors["listed"] == [
        "Choose your clinician from the list, or write their username or email."
    ]
    assert not CareShare.objects.exists()


def test_choosing_someone_else_and_writing_nothing_asks_for_the_username(patient_client, listed):
    response = patient_client.post(PAGE, {"listed": "", "clinician": "  "})

    assert response.context["form"].errors["clinician"] == [
        "Write your clinician's username or email."
    ]


def test_a_clinician_who_left_the_list_cannot_be_picked_from_an_old_page(
    patient_client, listed, make_clinician
):
    make_clinician("dr_bo", listed_for_patients=True)
    listed.listed_for_patients = False
    listed.save()

    response = patient_client.post(PAGE, {"listed": str(listed.pk)})

    assert "no longer on the list" in response.context["form"].errors["listed"][0]
    assert not CareShare.objects.exists()


def test_when_the_list_has_emptied_an_old_pick_asks_for_the_username(patient_client, listed):
    listed.listed_for_patients = False
    listed.save()

    response = patient_client.post(PAGE, {"listed": str(listed.pk)})

    assert response.context["form"].errors["clinician"] == [
        "That clinician is no longer on the list. Write their username or email instead."
    ]
    assert not CareShare.objects.exists()


def test_listed_staff_outside_the_clinicians_group_are_not_offered(patient_client, make_user):
    make_user("helper", is_staff=True, listed_for_patients=True, practice="Front desk")

    page = patient_client.get(PAGE).content.decode()

    assert "Front desk" not in page and 'name="listed"' not in page


def test_a_listed_clinician_is_not_offered_to_themselves(client, listed, make_clinician):
    other = make_clinician("dr_bo", listed_for_patients=True)
    client.force_login(listed)

    choices = dict(client.get(PAGE).context["form"].fields["listed"].choices)

    assert str(listed.pk) not in choices and str(other.pk) in choices


def test_the_list_is_in_name_order(make_clinician):
    make_clinician("dr_z", shown_name="Zoe Ward", listed_for_patients=True)
    make_clinician("dr_a", first_name="adam", last_name="Ng", listed_for_patients=True)

    assert [sharing.display_name(c) for c in sharing.listed_clinicians()] == ["adam Ng", "Zoe Ward"]


def test_a_clinician_lists_themselves_and_their_practice_on_their_profile(client, doctor):
    client.force_login(doctor)
    page = client.get(reverse("profile")).content.decode()
    assert "List me for patients to choose" in page and 'name="practice"' in page

    client.post(
        reverse("profile"),
        {
            "email": doctor.email,
            "time_zone": doctor.time_zone,
            "listed_for_patients": "on",
            "practice": "Riverside Pain Clinic",
        },
    )

    doctor.refresh_from_db()
    assert doctor.listed_for_patients and doctor.practice == "Riverside Pain Clinic"
    assert sharing.listed_clinicians() == [doctor]


def test_the_host_lists_a_clinician_in_the_user_admin(host_client, doctor):
    page = host_client.get(reverse("admin:diary_user_change", args=[doctor.pk]))

    assert 'name="listed_for_patients"' in page.content.decode()
    assert 'name="practice"' in page.content.decode()
