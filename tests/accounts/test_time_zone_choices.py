"""The time-zone picker: places grouped by region, readable labels, IANA names kept."""

import pytest
from django.urls import reverse

from diary.members.member_forms import ProfileForm
from diary.models.accounts import time_zone_choices

pytestmark = pytest.mark.django_db


def groups():
    return dict(time_zone_choices())


def every_value():
    return {value for choices in groups().values() for value, label in choices}


def test_zones_are_grouped_by_region_in_a_fixed_order():
    assert list(groups())[:5] == ["Europe", "Americas", "Asia", "Africa", "Australia and Pacific"]


def test_each_zone_has_a_readable_label_with_its_name():
    europe = dict(groups()["Europe"])

    assert europe["Europe/London"] == "London (Europe/London)"
    assert dict(groups()["Americas"])["America/New_York"] == "New York (America/New_York)"


def test_places_sit_in_their_region():
    assert "Australia/Sydney" in dict(groups()["Australia and Pacific"])
    assert "Pacific/Auckland" in dict(groups()["Australia and Pacific"])
    assert "Africa/Nairobi" in dict(groups()["Africa"])
    assert "Asia/Tokyo" in dict(groups()["Asia"])


def test_zones_that_are_not_places_are_left_out():
    values = every_value()

    for name in (
        "Factory",
        "localtime",
        "Etc/GMT+1",
        "Etc/UTC",
        "UTC",
        "GB",
        "US/Eastern",
        "EST5EDT",
        "Australia/ACT",
        "Australia/North",
    ):
        assert name not in values


def test_each_region_is_in_the_order_of_its_places():
    labels = [label for value, label in groups()["Europe"]]

    assert labels == sorted(labels, key=str.casefold)


def test_the_profile_offers_the_grouped_list(patient_client):
    response = patient_client.get(reverse("profile"))

    page = response.content.decode()
    assert '<optgroup label="Europe">' in page
    assert "London (Europe/London)" in page
    assert "Etc/GMT+1" not in page


def test_the_profile_saves_the_iana_name(patient_client, patient):
    patient_client.post(reverse("profile"), {"email": patient.email, "time_zone": "Asia/Tokyo"})

    patient.refresh_from_db()
    assert patient.time_zone == "Asia/Tokyo"


def test_a_zone_that_is_not_a_place_is_refused_on_the_profile(patient_client, patient):
    response = patient_client.post(
        reverse("profile"), {"email": patient.email, "time_zone": "Etc/GMT+1"}
    )

    assert "time_zone" in response.context["form"].errors
    patient.refresh_from_db()
    assert patient.time_zone == "Europe/London"


def test_a_saved_zone_the_list_does_not_offer_is_still_shown_selected(patient):
    patient.time_zone = "UTC"

    form = ProfileForm(instance=patient)

    assert form.fields["time_zone"].choices[0] == ("UTC", "UTC")
    assert 'value="UTC" selected' in str(form["time_zone"])


def test_a_saved_zone_the_list_does_not_offer_can_be_kept(patient_client, patient):
    patient.time_zone = "Etc/GMT-3"
    patient.save()

    patient_client.post(reverse("profile"), {"email": patient.email, "time_zone": "Etc/GMT-3"})

    patient.refresh_from_db()
    assert patient.time_zone == "Etc/GMT-3"


def test_the_picker_tells_the_page_script_what_to_call_the_devices_zone(patient_client):
    response = patient_client.get(reverse("profile"))

    assert 'data-device-zone-label="This device’s time zone"' in response.content.decode()


def test_a_places_name_is_in_the_readers_language():
    from django.utils import translation

    from diary.models.accounts import time_zone_label

    with translation.override("de"):
        german = time_zone_label("Europe/Vienna")
    with translation.override("es"):
        spanish = time_zone_label("Europe/London")

    assert (german, spanish) == ("Wien (Europe/Vienna)", "Londres (Europe/London)")
