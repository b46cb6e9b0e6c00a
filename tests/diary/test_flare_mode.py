"""Flare mode: big targets, few words, and "same as last time" in two taps."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.models import Spasm

pytestmark = pytest.mark.django_db

FLARE = reverse("diary:flare")


def tap_number(client, intensity, follow=False, **fields):
    data = {"intensity": intensity, "client_token": str(uuid.uuid4()), **fields}
    return client.post(FLARE, data, follow=follow)


def area_links(page):
    return page.count('class="flare__area"')


def test_the_flare_screen_needs_a_login(client):
    response = client.get(FLARE)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_new_patient_sees_the_shipped_areas_and_no_same_as_last_time(patient_client):
    page = patient_client.get(FLARE).content.decode()

    assert "Same as last time" not in page
    assert area_links(page) == 6
    assert page.index("Neck") < page.index("Lower back") < page.index("Left shoulder")


def test_the_six_areas_are_the_ones_the_patient_uses_most(patient_client, patient, make_spasm):
    for areas in (["left-foot"], ["left-foot"], ["left-foot", "chest"], ["right-hand"]):
        make_spasm(patient, areas=areas)

    response = patient_client.get(FLARE)

    assert [area.slug for area in response.context["areas"]] == ["left-foot", "chest", "right-hand"]


def test_ties_follow_the_catalogue_order_and_at_most_six_are_shown(
    patient_client, patient, make_spasm
):
    make_spasm(
        patient,
        areas=["right-foot", "left-foot", "abdomen", "chest", "neck", "lower-back", "left-hip"],
    )

    response = patient_client.get(FLARE)

    slugs = [area.slug for area in response.context["areas"]]
    assert slugs == ["neck", "lower-back", "chest", "abdomen", "left-hip", "left-foot"]


def test_another_patients_spasms_do_not_change_my_areas(patient_client, stranger, make_spasm):
    make_spasm(stranger, areas=["left-foot"])

    response = patient_client.get(FLARE)

    assert "left-foot" not in [area.slug for area in response.context["areas"]]
    assert "Same as last time" not in response.content.decode()


def test_tapping_an_area_offers_eleven_numbers(patient_client):
    page = patient_client.get(FLARE + "?area=lower-back").content.decode()

    assert page.count('name="intensity"') == 11
    assert 'name="area" value="lower-back"' in page


def test_a_number_saves_the_spasm_now_in_that_area(patient_client, patient):
    response = tap_number(patient_client, 7, area="lower-back")

    spasm = Spasm.objects.get(owner=patient)
    assert response.status_code == 302
    assert response["Location"] == f"{FLARE}?saved={spasm.pk}"
    assert spasm.intensity == 7
    assert [area.slug for area in spasm.body_areas.all()] == ["lower-back"]
    assert abs(spasm.started_at - timezone.now()) < timedelta(minutes=1)


def test_the_saved_message_says_saved_with_undo(patient_client):
    page = tap_number(patient_client, 7, area="lower-back", follow=True).content.decode()

    assert "Saved." in page
    assert "Lower back: 7" in page
    assert "Undo" in page


def test_undo_deletes_the_spasm_and_comes_back_to_the_flare_screen(patient_client, patient):
    tap_number(patient_client, 7, area="lower-back")
    spasm = Spasm.objects.get(owner=patient)

    response = patient_client.post(
        reverse("diary:entry_delete", args=["spasms", spasm.pk]), {"next": FLARE}
    )

    assert response["Location"] == FLARE
    assert not Spasm.objects.filter(owner=patient).exists()


def test_same_as_last_time_offers_the_numbers_for_the_last_spasms_areas(
    patient_client, patient, make_spasm
):
    make_spasm(patient, areas=["neck"], when=timezone.now() - timedelta(hours=3))
    last = make_spasm(patient, areas=["left-hand", "right-hand"], kind=Spasm.Kind.CRAMP)

    page = patient_client.get(FLARE).content.decode()
    assert 'href="?same=1"' in page
    page = patient_client.get(FLARE + "?same=1").content.decode()

    assert f'name="repeat" value="{last.pk}"' in page
    assert "Left hand, Right hand" in page
    assert page.count('name="intensity"') == 11


def test_same_as_last_time_repeats_the_areas_and_the_kind(patient_client, patient, make_spasm):
    last = make_spasm(patient, areas=["left-hand", "right-hand"], kind=Spasm.Kind.CRAMP)

    tap_number(patient_client, 4, repeat=last.pk)

    repeated = Spasm.objects.owned_by(patient).exclude(pk=last.pk).get()
    assert sorted(area.slug for area in repeated.body_areas.all()) == ["left-hand", "right-hand"]
    assert repeated.kind == Spasm.Kind.CRAMP
    assert repeated.intensity == 4


def test_the_same_tap_sent_twice_saves_once(patient_client, patient, make_spasm):
    last = make_spasm(patient, areas=["neck", "upper-back"])
    token = str(uuid.uuid4())

    for _ in range(2):
        patient_client.post(FLARE, {"intensity": 5, "client_token": token, "repeat": last.pk})

    assert Spasm.objects.owned_by(patient).count() == 2


def test_another_patients_spasm_cannot_be_repeated(patient_client, patient, stranger, make_spasm):
    theirs = make_spasm(stranger, areas=["left-foot"])

    response = tap_number(patient_client, 5, repeat=theirs.pk)

    assert response.status_code == 422
    assert "Choose where the spasm is." in response.content.decode()
    assert not Spasm.objects.filter(owner=patient).exists()


def test_a_number_outside_the_scale_is_refused_and_nothing_is_saved(patient_client, patient):
    response = tap_number(patient_client, 11, area="neck")

    assert response.status_code == 422
    assert response.content.decode().count('name="intensity"') == 11
    assert not Spasm.objects.filter(owner=patient).exists()


def test_an_unknown_area_is_refused_with_a_message(patient_client, patient):
    response = tap_number(patient_client, 3, area="tail")

    assert response.status_code == 422
    assert "Choose where the spasm is." in response.content.decode()
    assert not Spasm.objects.filter(owner=patient).exists()


def test_the_page_loads_its_own_dark_stylesheet(patient_client):
    page = patient_client.get(FLARE).content.decode()

    assert "css/flare.css" in page


def test_every_control_is_a_plain_form_or_link(patient_client, patient, make_spasm):
    make_spasm(patient)

    page = patient_client.get(FLARE + "?same=1").content.decode()

    assert f'<form method="post" action="{FLARE}"' in page
    assert "hx-post" not in page


def test_the_dashboard_links_to_flare_mode(patient_client):
    page = patient_client.get(reverse("diary:dashboard")).content.decode()

    assert f'href="{FLARE}"' in page


def test_the_manifest_has_a_flare_shortcut_with_one_of_its_icons(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)

    (shortcut,) = manifest["shortcuts"]
    assert shortcut["name"] == "Log in a flare"
    assert shortcut["url"] == FLARE
    icons = {icon["src"] for icon in manifest["icons"]}
    assert {icon["src"] for icon in shortcut["icons"]} <= icons
