"""Small things with big effect: Delete stands apart from Save, a group's error sits
below the group, the saved message names the day an entry went to, and history keeps
its filter after an edit or a delete."""

import re
import uuid
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from diary.models import Spasm
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("diary:dashboard")
HISTORY = reverse("diary:history")
NEW_SPASM = reverse("diary:entry_new", args=["spasms"])


def local_moment(patient, hour, minute=0):
    """An hour on the suite's fixed TODAY, in the patient's zone (mid-year, so
    yesterday and three days ago are in the same year)."""
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute, tzinfo=patient.zone)


def quick(area="neck", intensity=6, **extra):
    return {"area": area, "intensity": intensity, "client_token": str(uuid.uuid4()), **extra}


def edit_data(client, url):
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["started_at"] = form["started_at"].value().strftime("%Y-%m-%dT%H:%M")
    data["body_areas"] = ["neck"]
    return data


# Save and Delete


def test_delete_on_the_edit_form_sits_apart_from_the_save_button(
    patient_client, patient, make_spasm
):
    spasm = make_spasm(patient)
    page = patient_client.get(reverse("diary:entry_edit", args=["spasms", spasm.pk])).content
    page = page.decode()

    form_end = page.index("</form>")
    delete_at = page.index("Delete this entry")
    assert delete_at > form_end
    assert re.search(r'<p class="entry-delete"><a class="btn btn-outline-danger"', page)


def test_remove_on_the_medicine_form_sits_apart_from_the_save_button(
    patient_client, patient, make_medication
):
    medication = make_medication(patient)
    page = patient_client.get(reverse("diary:medication_edit", args=[medication.pk])).content
    page = page.decode()

    assert page.index("Remove from my list") > page.index("</form>")
    assert '<p class="entry-delete"><a class="btn btn-outline-danger"' in page


# Errors below the group


def test_an_intensity_error_comes_after_the_whole_group_of_numbers(patient_client):
    page = patient_client.post(NEW_SPASM, {"note": "tight"}).content.decode()

    group = page[page.index('id="div_id_intensity"') : page.index('id="div_id_body_areas"')]
    ten_pill = group[group.index('value="10"') :]
    ten_pill = ten_pill[: ten_pill.index("</div>")]
    assert "Choose a number from 0 to 10." not in ten_pill
    assert 'class="invalid-feedback choice-errors"' in group


def test_the_intensity_group_is_described_by_its_error(patient_client):
    page = patient_client.post(NEW_SPASM, {"note": "tight"}).content.decode()

    assert '<fieldset aria-describedby="id_intensity_error">' in page
    assert '<div id="id_intensity_error" class="invalid-feedback choice-errors">' in page


# The day an entry went to


def test_a_quick_log_made_today_just_says_saved(patient_client, patient):
    with time_machine.travel(local_moment(patient, 15), tick=False):
        response = patient_client.post(reverse("diary:quick_spasm"), quick(), follow=True)

    page = response.content.decode()
    assert "<strong>Saved.</strong>" in page
    assert "Saved to" not in page


def test_a_quick_log_for_last_night_says_it_went_to_yesterday(patient_client, patient):
    moment = local_moment(patient, 1, 30)
    with time_machine.travel(moment, tick=False):
        response = patient_client.post(
            reverse("diary:quick_spasm"), quick(belongs_to="previous"), follow=True
        )

    yesterday = moment.date() - timedelta(days=1)
    words = f"{yesterday:%A} {yesterday.day} {yesterday:%B}"
    assert f"Saved to yesterday, {words}." in response.content.decode()


def test_an_htmx_quick_log_for_last_night_says_it_went_to_yesterday(patient_client, patient):
    moment = local_moment(patient, 1, 30)
    with time_machine.travel(moment, tick=False):
        response = patient_client.post(
            reverse("diary:quick_spasm"),
            quick(belongs_to="previous"),
            headers={"HX-Request": "true", "HX-Target": "quick-log"},
        )

    assert "Saved to yesterday, " in response.content.decode()


def test_a_detailed_entry_for_an_earlier_day_names_that_day(
    patient_client, patient, make_medication
):
    medication = make_medication(patient)
    moment = local_moment(patient, 15)
    three_days_ago = moment - timedelta(days=3)
    with time_machine.travel(moment, tick=False):
        response = patient_client.post(
            reverse("diary:entry_new", args=["doses"]),
            {
                "medication": medication.pk,
                "dose": "400 mg",
                "taken_at": three_days_ago.strftime("%Y-%m-%dT%H:%M"),
                "client_token": str(uuid.uuid4()),
            },
            follow=True,
        )

    day = three_days_ago.date()
    assert f"Saved to {day:%A} {day.day} {day:%B}." in response.content.decode()


def test_an_edit_moved_to_yesterday_says_so(patient_client, patient, make_spasm):
    moment = local_moment(patient, 15)
    with time_machine.travel(moment, tick=False):
        spasm = make_spasm(patient)
        url = reverse("diary:entry_edit", args=["spasms", spasm.pk])
        data = edit_data(patient_client, url)
        data["started_at"] = (moment - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = patient_client.post(url, data, follow=True)

    assert "Saved to yesterday, " in response.content.decode()


# History keeps its filter


def test_history_links_to_an_entry_carry_the_full_history_address(
    patient_client, patient, make_spasm
):
    make_spasm(patient, areas=["neck"])
    address = HISTORY + "?area=neck&kinds=spasms"

    page = patient_client.get(address).content.decode()

    assert f"?next={quote(address, safe='')}" in page


def test_saving_an_edit_from_history_returns_to_the_filtered_history(
    patient_client, patient, make_spasm
):
    spasm = make_spasm(patient, areas=["neck"])
    back = HISTORY + "?area=neck&page=1"
    url = reverse("diary:entry_edit", args=["spasms", spasm.pk]) + f"?next={quote(back)}"
    data = edit_data(patient_client, url)
    assert data.get("next") is None
    page = patient_client.get(url).content.decode()
    assert f'name="next" value="{back.replace("&", "&amp;")}"' in page
    data["next"] = back

    response = patient_client.post(url, data)

    assert response.url == back


def test_delete_from_the_edit_form_keeps_the_history_address(patient_client, patient, make_spasm):
    spasm = make_spasm(patient)
    back = HISTORY + "?area=neck"
    url = reverse("diary:entry_edit", args=["spasms", spasm.pk]) + f"?next={quote(back)}"

    page = patient_client.get(url).content.decode()

    delete = reverse("diary:entry_delete", args=["spasms", spasm.pk])
    assert f'href="{delete}?next={quote(back, safe="")}"' in page


def test_confirming_a_delete_returns_to_the_filtered_history(patient_client, patient, make_spasm):
    spasm = make_spasm(patient)
    back = HISTORY + "?area=neck"
    delete = reverse("diary:entry_delete", args=["spasms", spasm.pk])
    page = patient_client.get(delete + f"?next={quote(back)}").content.decode()
    assert f'name="next" value="{back}"' in page

    response = patient_client.post(delete, {"next": back})

    assert response.url == back
    assert not Spasm.objects.filter(pk=spasm.pk).exists()


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_a_next_to_another_site_is_neither_offered_nor_followed(
    patient_client, patient, make_spasm, elsewhere
):
    spasm = make_spasm(patient)
    url = reverse("diary:entry_edit", args=["spasms", spasm.pk]) + f"?next={quote(elsewhere)}"

    page = patient_client.get(url).content.decode()
    response = patient_client.post(
        reverse("diary:entry_delete", args=["spasms", spasm.pk]), {"next": elsewhere}
    )

    assert "evil.example" not in page and "javascript:" not in page
    assert response.url == HISTORY
