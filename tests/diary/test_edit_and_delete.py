import pytest
from django.urls import reverse

from diary.models import Spasm

pytestmark = pytest.mark.django_db


def test_a_patient_edits_their_spasm_and_keeps_its_day(patient_client, patient, make_spasm):
    spasm = make_spasm(patient, intensity=4)
    day = spasm.local_date
    url = reverse("diary:entry_edit", args=["spasms", spasm.pk])
    form = patient_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["started_at"] = form["started_at"].value().strftime("%Y-%m-%dT%H:%M")
    data["intensity"] = "8"
    data["body_areas"] = ["neck"]

    patient_client.post(url, data)

    spasm.refresh_from_db()
    assert spasm.intensity == 8
    assert spasm.local_date == day


def test_delete_asks_before_deleting(patient_client, patient, make_spasm):
    spasm = make_spasm(patient)
    url = reverse("diary:entry_delete", args=["spasms", spasm.pk])

    page = patient_client.get(url).content.decode()

    assert "Yes, delete it" in page
    assert Spasm.objects.filter(pk=spasm.pk).exists()


def test_confirming_deletes_the_entry(patient_client, patient, make_spasm):
    spasm = make_spasm(patient)

    patient_client.post(reverse("diary:entry_delete", args=["spasms", spasm.pk]))

    assert not Spasm.objects.filter(pk=spasm.pk).exists()


def test_undo_from_the_dashboard_returns_to_the_dashboard(patient_client, patient, make_spasm):
    spasm = make_spasm(patient)

    response = patient_client.post(
        reverse("diary:entry_delete", args=["spasms", spasm.pk]), {"next": "/diary/"}
    )

    assert response.url == "/diary/"


def test_next_never_leads_to_another_site(patient_client, patient, make_spasm):
    spasm = make_spasm(patient)

    response = patient_client.post(
        reverse("diary:entry_delete", args=["spasms", spasm.pk]),
        {"next": "https://evil.example/"},
    )

    assert response.url == reverse("diary:history")
