"""The full spasm form: every detail optional but the number."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import Spasm
from tests.helpers import checked_values

pytestmark = pytest.mark.django_db

NEW = reverse("diary:entry_new", args=["spasms"])


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form(**overrides):
    data = {
        "client_token": str(uuid.uuid4()),
        "started_at": local_input(timezone.now() - timedelta(hours=1)),
        "intensity": "7",
        "body_areas": ["neck", "upper-back"],
        "duration_minutes": "2.5",
        "kind": "cramp",
        "activity": "rest",
        "triggers": ["emotional-stress"],
        "note": "After a long phone call",
    }
    data.update(overrides)
    return data


def test_it_saves_every_detail(patient_client, patient):
    patient_client.post(NEW, form())

    spasm = Spasm.objects.get(owner=patient)
    assert spasm.intensity == 7
    assert spasm.duration_seconds == 150
    assert spasm.kind == "cramp" and spasm.activity == "rest"
    assert {a.slug for a in spasm.body_areas.all()} == {"neck", "upper-back"}
    assert [t.slug for t in spasm.triggers.all()] == ["emotional-stress"]


def test_the_confirmation_offers_the_triggers_guide_page(patient_client):
    response = patient_client.post(NEW, form(), follow=True)

    assert 'href="/learn/stress-and-the-body/"' in response.content.decode()


def test_the_form_prefills_the_area_from_the_link(patient_client):
    response = patient_client.get(NEW + "?area=left-hand")

    assert [a.slug for a in response.context["form"].initial["body_areas"]] == ["left-hand"]


def test_the_time_defaults_to_now(patient_client):
    response = patient_client.get(NEW)

    shown = response.context["form"].initial["started_at"]
    assert abs(shown - timezone.localtime()) < timedelta(minutes=1)


def test_recently_used_areas_come_first(patient_client, patient, make_spasm):
    make_spasm(patient, areas=("right-foot",))

    response = patient_client.get(NEW)

    assert list(response.context["form"].fields["body_areas"].queryset)[0].slug == "right-foot"


def test_a_start_in_the_future_is_refused_beside_the_field(patient_client, patient):
    later = local_input(timezone.now() + timedelta(hours=2))

    response = patient_client.post(NEW, form(started_at=later))

    assert "started_at" in response.context["form"].errors
    assert "in the future" in response.content.decode()
    assert not Spasm.objects.exists()


def test_a_few_minutes_of_clock_skew_is_accepted(patient_client, patient):
    patient_client.post(NEW, form(started_at=local_input(timezone.now() + timedelta(minutes=2))))

    assert Spasm.objects.filter(owner=patient).count() == 1


@pytest.mark.parametrize("minutes", ["-1", "1441", "lots", "1.25"])
def test_a_duration_outside_a_day_is_refused(patient_client, minutes):
    response = patient_client.post(NEW, form(duration_minutes=minutes))

    assert "duration_minutes" in response.context["form"].errors
    assert not Spasm.objects.exists()


@pytest.mark.parametrize("intensity", ["11", "-3", "", "ten"])
def test_an_intensity_outside_zero_to_ten_is_refused(patient_client, intensity):
    response = patient_client.post(NEW, form(intensity=intensity))

    assert response.context["form"].errors["intensity"]
    assert not Spasm.objects.exists()


def test_errors_keep_what_the_patient_typed(patient_client):
    response = patient_client.post(NEW, form(intensity="", note="Keep this note please"))

    page = response.content.decode()
    assert "Keep this note please" in page
    assert checked_values(page, "body_areas") == {"neck", "upper-back"}
    assert checked_values(page, "triggers") == {"emotional-stress"}


def test_a_note_longer_than_the_limit_is_refused(patient_client):
    response = patient_client.post(NEW, form(note="x" * 2001))

    assert "note" in response.context["form"].errors
    assert not Spasm.objects.exists()


def test_a_retried_post_saves_once(patient_client, patient):
    data = form()

    patient_client.post(NEW, data)
    patient_client.post(NEW, data)

    assert Spasm.objects.filter(owner=patient).count() == 1


def test_an_unknown_area_is_refused(patient_client):
    response = patient_client.post(NEW, form(body_areas=["tail"]))

    assert "body_areas" in response.context["form"].errors
