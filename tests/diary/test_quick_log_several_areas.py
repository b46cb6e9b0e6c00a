"""The quick log with several areas: choose one, add more, then one number saves the
spasm with every area. Plain links and forms; htmx only swaps the same panel."""

import re
import uuid

import pytest
from django.urls import reverse

from diary.models import BodyArea, Spasm

pytestmark = pytest.mark.django_db

QUICK = reverse("diary:quick_spasm")
DASHBOARD = reverse("diary:dashboard")
HTMX = {"HX-Request": "true", "HX-Target": "quick-log"}


def post_quick(client, areas, intensity=6, **extra):
    data = {"area": areas, "intensity": intensity, "client_token": str(uuid.uuid4()), **extra}
    return client.post(QUICK, data)


def saved_areas(patient):
    return sorted(area.slug for area in Spasm.objects.get(owner=patient).body_areas.all())


def hrefs(page, css_class):
    return re.findall(rf'class="[^"]*{css_class}[^"]*" href="([^"]+)"', page)


def test_one_area_still_goes_straight_to_the_numbers(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck").content.decode()

    assert page.count('name="intensity"') == 11
    assert "Neck: how bad is it?" in page
    assert page.count('name="area"') == 1


def test_the_numbers_step_offers_every_other_area_to_add(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck").content.decode()

    assert "Add another area" in page
    added = hrefs(page, "area-list__item")
    assert "?area=neck&amp;area=left-shoulder-girdle#quick-log" in added
    assert len(added) == BodyArea.objects.filter(is_active=True).count() - 1
    assert not any(href.endswith("area=neck#quick-log") for href in added)


def test_two_areas_are_named_in_the_question_and_posted_with_the_number(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck&area=left-shoulder-girdle").content.decode()

    assert "Neck and Left shoulder: how bad is it?" in page
    assert '<input type="hidden" name="area" value="neck">' in page
    assert '<input type="hidden" name="area" value="left-shoulder-girdle">' in page


def test_three_areas_are_listed_with_commas_and_and(patient_client):
    page = patient_client.get(
        DASHBOARD + "?area=neck&area=left-hip&area=right-hip"
    ).content.decode()

    assert "Neck, Left hip or buttock and Right hip or buttock: how bad is it?" in page


def test_the_offline_label_names_every_chosen_area(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck&area=lower-back").content.decode()

    assert 'data-offline-label="Spasm in Neck and Lower back: 7 out of 10"' in page
    assert "data-offline-queue" in page


def test_an_area_can_be_taken_off_again(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck&area=lower-back").content.decode()

    assert hrefs(page, "chosen-areas__remove") == [
        "?area=lower-back#quick-log",
        "?area=neck#quick-log",
    ]
    assert "Remove Neck" in page


def test_with_one_area_there_is_nothing_to_take_off(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck").content.decode()

    assert "Remove " not in page


def test_a_link_naming_an_area_twice_asks_once(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck&area=neck").content.decode()

    assert page.count('name="area"') == 1
    assert "Neck: how bad is it?" in page


def test_a_link_naming_an_unknown_area_leaves_it_out(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck&area=tail").content.decode()

    assert "Neck: how bad is it?" in page


def test_htmx_swaps_in_the_panel_with_the_added_area(patient_client):
    response = patient_client.get(DASHBOARD + "?area=neck&area=chest", headers=HTMX)
    page = response.content.decode()

    assert "<html" not in page
    assert "Neck and Chest: how bad is it?" in page


def test_one_number_saves_one_spasm_with_every_area(patient_client, patient):
    response = post_quick(patient_client, ["neck", "left-shoulder-girdle", "upper-back"])

    assert response.status_code == 302
    assert Spasm.objects.filter(owner=patient).count() == 1
    assert saved_areas(patient) == ["left-shoulder-girdle", "neck", "upper-back"]


def test_the_saved_message_names_every_area(patient_client):
    post = post_quick(patient_client, ["neck", "chest"], intensity=3)
    page = patient_client.get(post["Location"]).content.decode()

    assert re.search(r"(Neck, Chest|Chest, Neck): 3 out of 10", page)


def test_a_duplicate_area_is_saved_once(patient_client, patient):
    post_quick(patient_client, ["neck", "neck", "chest"])

    assert saved_areas(patient) == ["chest", "neck"]


@pytest.mark.parametrize("bad", ["tail", "", "left hip", "x" * 200])
def test_one_bad_area_among_good_ones_saves_nothing_and_says_why(patient_client, patient, bad):
    response = post_quick(patient_client, ["neck", bad])

    assert response.status_code == 422
    assert "Choose where the spasm is." in response.content.decode()
    assert not Spasm.objects.filter(owner=patient).exists()


def test_an_area_no_longer_offered_saves_nothing(patient_client, patient):
    BodyArea.objects.filter(slug="chest").update(is_active=False)

    response = post_quick(patient_client, ["neck", "chest"])

    assert response.status_code == 422
    assert not Spasm.objects.filter(owner=patient).exists()


def test_more_areas_than_any_map_has_are_refused(patient_client, patient):
    response = post_quick(patient_client, [f"area-{n}" for n in range(60)])

    assert response.status_code == 422
    assert "That is more areas than the body map has." in response.content.decode()
    assert not Spasm.objects.filter(owner=patient).exists()


def test_a_bad_number_keeps_the_chosen_areas_on_screen(patient_client, patient):
    response = post_quick(patient_client, ["neck", "chest"], intensity="11")
    page = response.content.decode()

    assert response.status_code == 422
    assert "Neck and Chest: how bad is it?" in page
    assert not Spasm.objects.filter(owner=patient).exists()


def test_htmx_saves_every_area_and_answers_with_the_panel(patient_client, patient):
    data = {"area": ["neck", "chest"], "intensity": 5, "client_token": str(uuid.uuid4())}

    response = patient_client.post(QUICK, data, headers=HTMX)

    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()
    assert saved_areas(patient) == ["chest", "neck"]


def test_more_details_carries_every_chosen_area(patient_client):
    page = patient_client.get(DASHBOARD + "?area=neck&area=chest").content.decode()

    details = reverse("diary:entry_new", args=["spasms"])
    assert f"{details}?area=neck&amp;area=chest" in page


def test_more_details_opens_the_full_form_with_every_chosen_area_ticked(patient_client):
    url = reverse("diary:entry_new", args=["spasms"]) + "?area=neck&area=left-hip&area=%00"

    form = patient_client.get(url).context["form"]

    assert sorted(area.slug for area in form.initial["body_areas"]) == ["left-hip", "neck"]
