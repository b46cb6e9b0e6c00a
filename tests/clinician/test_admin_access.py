"""Who can reach the admin, and what a clinician can do there: look, never change."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from diary.care import sharing
from diary.models import Spasm
from tests.conftest import today_for

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
HOST_PAGES = [
    "admin:diary_user_changelist",
    "admin:diary_invitation_changelist",
    "admin:auth_group_changelist",
    "admin:diary_careshare_changelist",
    "admin:diary_accesslog_changelist",
]


def admin_models(response):
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


@pytest.mark.parametrize(
    "url",
    [
        ADMIN,
        reverse("admin:diary_sharedpatient_changelist"),
        reverse("admin:diary_spasm_changelist"),
        reverse("admin:diary_spasm_export"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_admin_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_patients_cannot_reach_the_admin_or_a_summary(patient_client, patient):
    for url in (ADMIN, reverse("admin:diary_sharedpatient_summary", args=[patient.pk])):
        response = patient_client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_a_clinician_sees_the_diary_pages_and_none_of_the_hosts(doctor_client):
    response = doctor_client.get(ADMIN, follow=True)  # their home is the patients list
    apps = response.context["available_apps"]  # what the admin's side menu offers

    assert response.status_code == 200
    assert {model["object_name"] for app in apps for model in app["models"]} == {
        "SharedPatient",
        "Spasm",
        "Dose",
        "Medication",
        "TechniqueSession",
        "CheckIn",
        "ClinicianNote",
        "ReviewMark",
    }


@pytest.mark.parametrize("name", HOST_PAGES)
def test_a_clinician_cannot_open_the_hosts_pages(doctor_client, name):
    assert doctor_client.get(reverse(name)).status_code == 403


def test_a_clinician_cannot_open_the_education_admin(doctor_client):
    assert doctor_client.get(reverse("admin:app_list", args=["education"])).status_code == 404


def test_host_pages_stay_closed_to_clinicians_even_when_given_the_permission(
    doctor_client, clinicians_group
):
    clinicians_group.permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user", "view_group"])
    )

    assert doctor_client.get(reverse("admin:diary_user_changelist")).status_code == 403
    assert doctor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


@pytest.mark.parametrize("model", ["spasm", "dose", "medication", "techniquesession", "checkin"])
def test_a_clinician_cannot_add_entries(doctor_client, model):
    assert doctor_client.get(reverse(f"admin:diary_{model}_add")).status_code == 403


def test_a_clinician_sees_a_shared_entry_read_only_and_cannot_change_it(
    doctor_client, shared, diary, patient
):
    spasm = diary.spasm(today_for(patient), intensity=6, note="calf")
    url = reverse("admin:diary_spasm_change", args=[spasm.pk])

    page = doctor_client.get(url)
    posted = doctor_client.post(url, {"intensity": 1, "note": "changed"})

    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    spasm.refresh_from_db()
    assert (spasm.intensity, spasm.note) == (6, "calf")


def test_a_clinician_cannot_delete_entries_even_with_the_permission(
    doctor_client, clinicians_group, shared, diary, patient
):
    clinicians_group.permissions.add(*Permission.objects.filter(codename="delete_spasm"))
    spasm = diary.spasm(today_for(patient))

    response = doctor_client.post(
        reverse("admin:diary_spasm_delete", args=[spasm.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Spasm.objects.filter(pk=spasm.pk).exists()


def test_the_host_reads_the_access_log_and_shares_but_cannot_edit_them(client, host):
    client.force_login(host)

    for name in ("admin:diary_accesslog_changelist", "admin:diary_careshare_changelist"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("admin:diary_accesslog_add")).status_code == 403
    assert client.get(reverse("admin:diary_careshare_add")).status_code == 403


def test_entries_are_read_only_for_a_host_with_a_share_too(client, host, diary, patient):
    sharing.grant(patient, host)
    client.force_login(host)
    spasm = diary.spasm(today_for(patient))

    assert client.get(reverse("admin:diary_spasm_add")).status_code == 403
    response = client.get(reverse("admin:diary_spasm_change", args=[spasm.pk]))
    assert response.status_code == 200 and not response.context["has_change_permission"]


def test_the_host_can_make_a_user_a_clinician_from_the_users_list(client, host, stranger):
    client.force_login(host)

    client.post(
        reverse("admin:diary_user_changelist"),
        {"action": "make_clinicians", "_selected_action": [stranger.pk]},
    )

    stranger.refresh_from_db()
    assert stranger.is_staff
    assert stranger.groups.filter(name="Clinicians").exists()
