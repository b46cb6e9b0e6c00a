import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import CheckIn, TechniqueSession

pytestmark = pytest.mark.django_db

LOG_TECHNIQUE = reverse("diary:technique_log")
CHECK_IN = reverse("diary:check_in")


def technique_form(**overrides):
    data = {
        "client_token": str(uuid.uuid4()),
        "technique": "heat",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "minutes": "15",
        "intensity_before": "7",
        "intensity_after": "4",
        "helped": "1",
        "note": "",
    }
    data.update(overrides)
    return data


def test_a_technique_is_logged_with_before_and_after(patient_client, patient):
    patient_client.post(LOG_TECHNIQUE, technique_form())

    session = TechniqueSession.objects.get(owner=patient)
    assert (session.technique.slug, session.minutes) == ("heat", 15)
    assert session.intensity_drop == 3
    assert session.helped == TechniqueSession.Helped.A_LITTLE


def test_a_technique_link_prefills_the_technique(patient_client):
    response = patient_client.get(LOG_TECHNIQUE + "?technique=yoga")

    assert response.context["form"].initial["technique"].slug == "yoga"


def test_before_and_after_are_optional(patient_client, patient):
    patient_client.post(LOG_TECHNIQUE, technique_form(intensity_before="", intensity_after=""))

    assert TechniqueSession.objects.get(owner=patient).intensity_drop is None


@pytest.mark.parametrize("minutes", ["-5", "601", "many"])
def test_impossible_minutes_are_refused(patient_client, minutes):
    response = patient_client.post(LOG_TECHNIQUE, technique_form(minutes=minutes))

    assert "minutes" in response.context["form"].errors
    assert not TechniqueSession.objects.exists()


def test_recently_used_techniques_come_first(patient_client, patient, make_session):
    make_session(patient, "tai-chi")

    response = patient_client.get(LOG_TECHNIQUE)

    assert list(response.context["form"].fields["technique"].queryset)[0].slug == "tai-chi"


def check_in_form(**answers):
    data = {"client_token": str(uuid.uuid4())}
    data.update(answers)
    return data


def test_a_check_in_saves_for_today(patient_client, patient):
    patient_client.post(CHECK_IN, check_in_form(sleep_hours="6.5", stress="7", water_glasses="5"))

    check_in = CheckIn.objects.get(owner=patient)
    assert check_in.local_date == timezone.localtime(timezone.now(), patient.zone).date()
    assert (float(check_in.sleep_hours), check_in.stress, check_in.water_glasses) == (6.5, 7, 5)


def test_checking_in_again_the_same_day_updates_the_one_check_in(patient_client, patient):
    patient_client.post(CHECK_IN, check_in_form(stress="7"))
    patient_client.post(CHECK_IN, check_in_form(stress="3", mood="6"))

    check_in = CheckIn.objects.get(owner=patient)
    assert (check_in.stress, check_in.mood) == (3, 6)


def test_an_empty_check_in_is_refused(patient_client):
    response = patient_client.post(CHECK_IN, check_in_form())

    assert "Fill in at least one answer." in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("sleep_hours", "25"), ("stress", "11"), ("water_glasses", "-1"), ("mood", "x")],
)
def test_impossible_answers_are_refused_beside_the_field(patient_client, field, value):
    response = patient_client.post(CHECK_IN, check_in_form(**{field: value}))

    assert field in response.context["form"].errors
    assert not CheckIn.objects.exists()


def test_a_past_day_can_be_filled_in(patient_client, patient):
    yesterday = timezone.localtime(timezone.now(), patient.zone).date() - timedelta(days=1)

    patient_client.post(f"{CHECK_IN}?date={yesterday}", check_in_form(stress="2"))

    assert CheckIn.objects.get(owner=patient).local_date == yesterday


def test_a_future_day_falls_back_to_today(patient_client, patient):
    tomorrow = timezone.localtime(timezone.now(), patient.zone).date() + timedelta(days=1)

    response = patient_client.get(f"{CHECK_IN}?date={tomorrow}")

    assert response.context["day"] == tomorrow - timedelta(days=1)
