"""The admin's home: a clinician's is their patients list, the host's is the host's tasks."""

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
PATIENTS = reverse("admin:diary_sharedpatient_changelist")


def test_a_clinicians_admin_home_is_their_patients_list(doctor_client):
    response = doctor_client.get(HOME)

    assert response.status_code == 302
    assert response.url == PATIENTS


def test_the_patients_list_says_what_it_is_and_where_to_start(doctor_client):
    page = doctor_client.get(HOME, follow=True).content.decode()

    assert "Patients who share their diary with you." in page
    assert "Open a summary to see the last 30 or 90 days." in page


def test_a_clinician_reaches_a_patients_90_day_summary_from_home_in_one_click(
    doctor_client, patient, shared
):
    home = doctor_client.get(HOME, follow=True)
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    assert f'href="{summary}?days=90"' in home.content.decode()
    assert doctor_client.get(f"{summary}?days=90").context["days"] == 90


def test_the_hosts_home_is_the_hosts_tasks(host_client):
    response = host_client.get(HOME)
    page = response.content.decode()

    assert response.status_code == 200
    for heading in ("Accounts", "Invitation codes", "Catalogues", "Guide pages"):
        assert f"<h3>{heading}</h3>" in page
    for url in (
        reverse("admin:diary_user_changelist"),
        reverse("admin:diary_invitation_changelist"),
        reverse("admin:diary_trigger_changelist"),
        reverse("admin:education_page_changelist"),
    ):
        assert f'href="{url}"' in page


def test_the_hosts_home_links_the_instance_statistics_when_the_instance_has_them(host_client):
    page = host_client.get(HOME).content.decode()
    try:
        stats = reverse("admin:instance_stats")
    except NoReverseMatch:
        assert "Instance statistics" not in page
    else:
        assert f'href="{stats}"' in page


def test_staff_outside_the_clinicians_group_get_the_tasks_they_have_rights_to(client, make_user):
    editor = make_user("editor", is_staff=True)
    client.force_login(editor)

    response = client.get(HOME)

    assert response.status_code == 200
    assert response.context["host_tasks"] == []
