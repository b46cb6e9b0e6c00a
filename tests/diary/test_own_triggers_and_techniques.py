"""A patient's own triggers and techniques: made on their own page, offered to them
alone wherever the shipped ones are, never seen by another patient nor by the host."""

from datetime import timedelta

import pytest
from django.urls import reverse

from diary import insights
from diary.care import sharing
from diary.daily.usage import techniques_recent_first, triggers_for
from diary.models import Spasm, Technique, TechniqueSession, Trigger
from tests.conftest import TODAY, Diary, today_for

pytestmark = pytest.mark.django_db

PAGE = reverse("diary:own_catalogue")
NEW_SPASM = reverse("diary:entry_new", args=["spasms"])
NEW_SESSION = reverse("diary:entry_new", args=["techniques"])
HISTORY = reverse("diary:history")


def add(client, kind, name):
    return client.post(PAGE, {"kind": kind, "action": "add", f"new-{kind}-name": name})


def rename(client, item, name):
    kind = type(item).__name__.lower()
    return client.post(
        PAGE, {"kind": kind, "action": "rename", "item": item.pk, f"{kind}-{item.pk}-name": name}
    )


def remove(client, item):
    kind = type(item).__name__.lower()
    return client.post(PAGE, {"kind": kind, "action": "remove", "item": item.pk})


@pytest.fixture
def noise(patient):
    return Trigger.objects.create(owner=patient, name="Loud noise")


@pytest.fixture
def humming(patient):
    return Technique.objects.create(owner=patient, name="Humming")


def spasm_post(**fields):
    return {
        "started_at": "2025-03-30T10:00",
        "intensity": "4",
        "client_token": "0b7e2a3c-5d0e-4f4e-9a43-0d3c9b7f1a11",
        **fields,
    }


def session_post(**fields):
    return {
        "started_at": "2025-03-30T10:00",
        "client_token": "5f9c1a2b-8e3d-4c5b-9a7e-6d1f2e3c4b5a",
        **fields,
    }


# --- the model -------------------------------------------------------------------------


def test_an_own_trigger_gets_a_slug_no_one_else_can_have(patient, stranger):
    first = Trigger.objects.create(owner=patient, name="Loud noise")
    second = Trigger.objects.create(owner=stranger, name="Loud noise")

    assert first.slug.startswith("own-") and second.slug.startswith("own-")
    assert first.slug != second.slug


def test_the_shipped_triggers_keep_their_slugs_and_have_no_owner():
    cold = Trigger.objects.get(slug="cold")

    assert cold.owner is None and not cold.is_own


# --- the page --------------------------------------------------------------------------


def test_the_page_asks_a_visitor_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302 and "login" in response.url


def test_a_patient_adds_their_own_trigger(patient_client, patient):
    response = add(patient_client, "trigger", "  Loud   noise ")

    assert response.status_code == 302
    trigger = Trigger.objects.get(owner=patient)
    assert (trigger.name, trigger.is_active) == ("Loud noise", True)
    assert "Loud noise" in patient_client.get(PAGE).content.decode()


def test_a_patient_adds_their_own_technique(patient_client, patient):
    add(patient_client, "technique", "Humming")

    assert Technique.objects.get(owner=patient).name == "Humming"


def test_a_name_already_on_their_list_is_refused_beside_the_field(patient_client, noise):
    response = add(patient_client, "trigger", "LOUD NOISE")

    form = response.context["kinds"][0]["add"]
    assert form.errors["name"] == ["“Loud noise” is already on your list."]
    assert form["name"].value() == "LOUD NOISE"
    assert Trigger.objects.filter(owner=noise.owner).count() == 1


def test_a_name_on_the_shipped_list_is_refused_beside_the_field(patient_client, patient):
    response = add(patient_client, "trigger", "cold")

    form = response.context["kinds"][0]["add"]
    assert form.errors["name"] == ["“Cold” is already on everyone's list: you can choose it now."]
    assert not Trigger.objects.filter(owner=patient).exists()


def test_an_empty_name_is_refused_beside_the_field(patient_client, patient):
    response = add(patient_client, "technique", "   ")

    assert response.context["kinds"][1]["add"].errors["name"]
    assert not Technique.objects.filter(owner=patient).exists()


def test_a_patient_can_have_up_to_a_hundred_of_their_own(patient_client, patient):
    Technique.objects.bulk_create(
        Technique(owner=patient, name=f"Technique {number}", slug=f"own-test-{number}")
        for number in range(100)
    )

    response = add(patient_client, "technique", "One more")

    assert response.context["kinds"][1]["add"].errors["name"] == [
        "You have 100 of your own, the most there can be. Remove one you no longer use first."
    ]
    assert Technique.objects.filter(owner=patient).count() == 100


def test_the_same_name_as_another_patients_own_is_fine(patient_client, patient, stranger):
    Trigger.objects.create(owner=stranger, name="Loud noise")

    add(patient_client, "trigger", "Loud noise")

    assert Trigger.objects.filter(owner=patient, name="Loud noise").exists()


def test_a_patient_renames_their_own_trigger_and_its_slug_stays(patient_client, noise):
    slug = noise.slug

    rename(patient_client, noise, "Loud music")

    noise.refresh_from_db()
    assert (noise.name, noise.slug) == ("Loud music", slug)


def test_renaming_to_a_name_they_have_is_refused_beside_that_field(patient_client, patient, noise):
    Trigger.objects.create(owner=patient, name="Bright light")

    response = rename(patient_client, noise, "bright light")

    offered = dict(response.context["kinds"][0]["offered"])
    assert offered[noise].errors["name"] == ["“Bright light” is already on your list."]
    noise.refresh_from_db()
    assert noise.name == "Loud noise"


def test_renaming_another_patients_trigger_is_not_found(client, stranger, noise):
    client.force_login(stranger)

    response = rename(client, noise, "Mine now")

    assert response.status_code == 404
    noise.refresh_from_db()
    assert noise.name == "Loud noise"


def test_removing_another_patients_technique_is_not_found(client, stranger, humming):
    client.force_login(stranger)

    assert remove(client, humming).status_code == 404
    assert Technique.objects.filter(pk=humming.pk, is_active=True).exists()


def test_removing_a_trigger_no_entry_names_deletes_it(patient_client, noise):
    remove(patient_client, noise)

    assert not Trigger.objects.filter(pk=noise.pk).exists()


def test_removing_a_used_trigger_hides_it_and_keeps_the_entries(patient_client, diary, noise):
    spasm = diary.spasm(TODAY, triggers=[noise.slug])

    response = remove(patient_client, noise)

    noise.refresh_from_db()
    assert not noise.is_active
    assert list(spasm.triggers.all()) == [noise]
    assert "Entries that name it still do." in patient_client.get(response.url).content.decode()


def test_removing_a_used_technique_hides_it_and_keeps_the_sessions(patient_client, diary, humming):
    session = diary.session(TODAY, humming.slug)

    remove(patient_client, humming)

    humming.refresh_from_db()
    session.refresh_from_db()
    assert not humming.is_active and session.technique == humming


def test_adding_a_removed_name_again_brings_it_back(patient_client, diary, noise):
    diary.spasm(TODAY, triggers=[noise.slug])
    remove(patient_client, noise)

    add(patient_client, "trigger", "loud noise")

    noise.refresh_from_db()
    assert noise.is_active and noise.name == "loud noise"
    assert Trigger.objects.filter(owner=noise.owner).count() == 1


def test_an_unknown_kind_or_action_changes_nothing(patient_client, noise):
    response = patient_client.post(PAGE, {"kind": "bodyarea", "action": "add"})
    assert response.status_code == 302
    response = patient_client.post(PAGE, {"kind": "trigger", "action": "drop", "item": noise.pk})
    assert response.status_code == 302
    assert Trigger.objects.filter(pk=noise.pk, is_active=True).exists()


def test_the_medicines_page_links_to_the_page(patient_client):
    page = patient_client.get(reverse("diary:medications")).content.decode()

    assert PAGE in page


def test_another_patients_own_items_are_not_on_the_page(client, stranger, noise, humming):
    client.force_login(stranger)

    page = client.get(PAGE).content.decode()

    assert "Loud noise" not in page and "Humming" not in page


# --- offered where the shipped ones are ------------------------------------------------


def test_triggers_for_offers_the_shipped_ones_and_the_patients_own(patient, stranger, noise):
    mine = set(triggers_for(patient).values_list("slug", flat=True))
    theirs = set(triggers_for(stranger).values_list("slug", flat=True))

    assert {"cold", noise.slug} <= mine
    assert "cold" in theirs and noise.slug not in theirs


def test_techniques_offered_hold_the_patients_own_only(patient, stranger, humming):
    assert humming in techniques_recent_first(patient)
    assert humming not in techniques_recent_first(stranger)


def test_a_hidden_own_trigger_is_no_longer_offered(patient, noise):
    noise.is_active = False
    noise.save()

    assert noise not in triggers_for(patient)


def test_the_spasm_form_offers_and_saves_an_own_trigger(patient_client, patient, noise):
    assert noise.slug in patient_client.get(NEW_SPASM).content.decode()

    patient_client.post(NEW_SPASM, spasm_post(triggers=[noise.slug]))

    assert list(Spasm.objects.get(owner=patient).triggers.all()) == [noise]


def test_posting_another_patients_trigger_is_an_invalid_choice(client, stranger, noise):
    client.force_login(stranger)

    response = client.post(NEW_SPASM, spasm_post(triggers=[noise.slug]))

    assert "triggers" in response.context["form"].errors
    assert not Spasm.objects.exists()


def test_the_spasm_form_never_shows_another_patients_trigger(client, stranger, noise):
    client.force_login(stranger)

    page = client.get(NEW_SPASM).content.decode()

    assert noise.slug not in page and "Loud noise" not in page


def test_the_technique_form_saves_an_own_technique(patient_client, patient, humming):
    patient_client.post(NEW_SESSION, session_post(technique=humming.slug))

    assert TechniqueSession.objects.get(owner=patient).technique == humming


def test_posting_another_patients_technique_is_an_invalid_choice(client, stranger, humming):
    client.force_login(stranger)

    response = client.post(NEW_SESSION, session_post(technique=humming.slug))

    assert "technique" in response.context["form"].errors
    assert not TechniqueSession.objects.exists()


def test_editing_a_spasm_keeps_a_trigger_since_removed(patient_client, diary, noise):
    spasm = diary.spasm(TODAY - timedelta(days=1), triggers=[noise.slug])
    noise.is_active = False
    noise.save()

    patient_client.post(
        reverse("diary:entry_edit", args=["spasms", spasm.pk]),
        spasm_post(triggers=[noise.slug], intensity="6"),
    )

    spasm.refresh_from_db()
    assert spasm.intensity == 6 and list(spasm.triggers.all()) == [noise]


def test_editing_a_session_keeps_a_technique_since_removed(patient_client, diary, humming):
    session = diary.session(TODAY - timedelta(days=1), humming.slug)
    humming.is_active = False
    humming.save()

    patient_client.post(
        reverse("diary:entry_edit", args=["techniques", session.pk]),
        session_post(technique=humming.slug, minutes="12"),
    )

    session.refresh_from_db()
    assert session.minutes == 12 and session.technique == humming


def test_a_technique_link_prefills_the_patients_own(patient_client, humming):
    response = patient_client.get(NEW_SESSION + f"?technique={humming.slug}")

    assert response.context["form"].initial["technique"] == humming


def test_a_technique_link_to_another_patients_own_is_ignored(client, stranger, humming):
    client.force_login(stranger)

    response = client.get(NEW_SESSION + f"?technique={humming.slug}")

    assert "technique" not in response.context["form"].initial


def test_the_history_filter_offers_and_applies_an_own_trigger(patient_client, diary, noise):
    tagged = diary.spasm(TODAY, triggers=[noise.slug])
    diary.spasm(TODAY, hour=9)

    response = patient_client.get(HISTORY, {"trigger": noise.slug})

    assert noise.slug in response.content.decode()
    shown = [item.entry for _day, items in response.context["days"] for item in items]
    assert shown == [tagged]


def test_the_history_filter_refuses_another_patients_trigger(client, stranger, noise):
    client.force_login(stranger)

    response = client.get(HISTORY, {"trigger": noise.slug})

    assert "trigger" in response.context["form"].errors
    assert "Loud noise" not in response.content.decode()


def test_insights_name_an_own_trigger(patient, diary, noise, frozen_today):
    diary.spasm(TODAY, triggers=[noise.slug])

    period = insights.Period(TODAY - timedelta(days=29), TODAY)
    names = [row.name for row in insights.triggers(patient, period).rows]

    assert names == ["Loud noise"]


@pytest.mark.parametrize("page", ["diary:insights", "diary:report"])
def test_the_insights_and_the_report_name_own_items(patient_client, diary, noise, humming, page):
    today = today_for(diary.owner)
    diary.spasm(today, triggers=[noise.slug])
    diary.session(today, humming.slug, before=6, after=2)

    content = patient_client.get(reverse(page)).content.decode()

    assert "Loud noise" in content and "Humming" in content


def test_deleting_an_account_takes_its_own_techniques_with_their_sessions(diary, humming):
    diary.session(TODAY, humming.slug)

    diary.owner.delete()

    assert not Technique.objects.filter(pk=humming.pk).exists()


# --- the host and clinicians -----------------------------------------------------------


def test_the_host_does_not_see_patients_own_triggers(host_client, noise):
    page = host_client.get(reverse("admin:diary_trigger_changelist")).content.decode()

    assert "Cold" in page and "Loud noise" not in page


def test_the_host_does_not_see_patients_own_techniques(host_client, humming):
    page = host_client.get(reverse("admin:diary_technique_changelist")).content.decode()

    assert "Stretching" in page and "Humming" not in page


def test_the_host_cannot_open_a_patients_own_trigger(host_client, noise):
    response = host_client.get(reverse("admin:diary_trigger_change", args=[noise.pk]), follow=True)

    assert "Loud noise" not in response.content.decode()


def test_the_host_cannot_ship_a_slug_kept_for_own_items(host_client):
    host_client.post(
        reverse("admin:diary_trigger_add"),
        {"name": "Sneaky", "slug": "own-sneaky", "order": 90, "is_active": "on"},
    )

    assert not Trigger.objects.filter(slug="own-sneaky").exists()


def test_the_clinicians_summary_names_the_patients_own_items(
    client, patient, doctor, diary, noise, humming
):
    sharing.grant(patient, doctor)
    today = today_for(patient)
    diary.spasm(today, triggers=[noise.slug])
    diary.session(today, humming.slug, before=6, after=2)
    client.force_login(doctor)

    url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    content = client.get(url).content.decode()

    assert "Loud noise" in content and "Humming" in content


def test_a_clinician_sees_an_own_trigger_only_where_a_shared_entry_names_it(
    client, patient, stranger, doctor, noise
):
    sharing.grant(patient, doctor)
    Diary(patient).spasm(today_for(patient), triggers=[noise.slug])
    theirs = Trigger.objects.create(owner=stranger, name="Thunderstorms")
    Diary(stranger).spasm(today_for(stranger), triggers=[theirs.slug])
    client.force_login(doctor)

    page = client.get(reverse("admin:diary_spasm_changelist")).content.decode()

    assert "Loud noise" in page and "Thunderstorms" not in page
