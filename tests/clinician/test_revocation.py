"""Stopping a share, or reaching its end day, closes every door on the very next request."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.care import sharing
from diary.models import CareShare
from tests.conftest import today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_doors(doctor_client, patient, shared, diary):
    """Every way a clinician reads the patient's diary, and a check that it is open."""
    spasm = diary.spasm(today_for(patient), note="shared note")
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])

    def doors():
        patients = doctor_client.get(reverse("admin:diary_sharedpatient_changelist"))
        search = doctor_client.get(
            reverse("admin:diary_sharedpatient_changelist"), {"q": patient.username}
        )
        spasms = doctor_client.get(reverse("admin:diary_spasm_changelist"))
        export = doctor_client.get(reverse("admin:diary_spasm_export"))
        rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
        entry = doctor_client.get(reverse("admin:diary_spasm_change", args=[spasm.pk]))
        return {
            "patients list": patient in patients.context["cl"].result_list,
            "search": patient in search.context["cl"].result_list,
            "summary": doctor_client.get(summary).status_code == 200,
            "90-day summary": doctor_client.get(f"{summary}?days=90").status_code == 200,
            "entry list": spasm in spasms.context["cl"].result_list,
            "entry page": entry.status_code == 200,
            "csv export": len(rows) == 1,
        }

    assert all(doors().values())
    return doors


def test_revoking_closes_every_door_on_the_next_request(open_doors, shared):
    sharing.revoke(shared)

    assert not any(open_doors().values()), open_doors()


def test_an_expired_share_closes_every_door_by_itself(open_doors, shared):
    CareShare.objects.filter(pk=shared.pk).update(expires_at=timezone.now())

    assert not any(open_doors().values()), open_doors()


def test_sharing_again_reopens_the_doors(open_doors, shared, patient, doctor):
    sharing.revoke(shared)
    sharing.grant(patient, doctor)

    assert all(open_doors().values())


def test_an_old_summary_link_says_the_patient_no_longer_shares(
    doctor_client, patient, shared, diary
):
    diary.spasm(today_for(patient), note="Woke me at 3am, neck locked")
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    sharing.revoke(shared)

    response = doctor_client.get(f"{summary}?days=90")

    assert response.status_code == 404
    page = response.content.decode()
    assert "This patient no longer shares their diary with you" in page
    assert "Woke me at 3am" not in page
