"""The catalogue items Unknot ships are read in the reader's language; a name the host
typed or changed, and a patient's own trigger or technique, are shown as typed; exports
keep the stored names, so they import back.

The translations themselves are added to locale/ later: these tests put a Spanish name
or two into the Spanish catalogue for their own run, and compare each page with what
`pgettext` gives in Spanish."""

import csv
import importlib
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext, trans_real

from diary.insights import Period, body_areas, technique_effects, triggers
from diary.models import BodyArea, MedicationClass, Technique, Trigger
from diary.shipped_names import SHIPPED, english, medication_class_name, shown_name_of
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db

SHIPPING = importlib.import_module("diary.migrations.0003_catalogue_data")
STRENGTHENING = ("strengthening", "Strengthening exercise")  # migration 0010

SPANISH = {
    ("body area", "Neck"): "Cuello",
    ("body area", "Lower back"): "Zona lumbar",
    ("trigger", "Stress or worry"): "Estrés o preocupación",
    ("technique", "Stretching"): "Estiramientos",
    ("medication class", "Supplement: magnesium"): "Suplemento: magnesio",
}


@pytest.fixture
def spanish_names(monkeypatch):
    """A few shipped names in the Spanish catalogue, for this test only."""
    catalog = trans_real.translation("es")._catalog
    first = catalog._catalogs[0]
    for (context, english_name), spanish in SPANISH.items():
        monkeypatch.setitem(first, f"{context}\x04{english_name}", spanish)
    return SPANISH


def in_spanish(context, english_name):
    with translation.override("es"):
        return pgettext(context, english_name)


@pytest.fixture
def spanish_patient(patient, spanish_names):
    patient.language = "es"
    patient.save(update_fields=["language"])
    return patient


# --- the list of shipped names -------------------------------------------------------------


def shipped_by_migrations():
    techniques = [(slug, name) for slug, name, _learn in SHIPPING.TECHNIQUES]
    return {
        "bodyarea": [(slug, name) for slug, name, *_rest in SHIPPING.BODY_AREAS],
        "trigger": [(slug, name) for slug, name, _learn in SHIPPING.TRIGGERS],
        "technique": [*techniques, STRENGTHENING],
        "medicationclass": [(slug, name) for slug, name, _learn in SHIPPING.MEDICATION_CLASSES],
    }


def test_every_item_the_migrations_ship_is_listed_with_its_english_name():
    shipped = shipped_by_migrations()

    for kind, rows in shipped.items():
        assert {slug: english(kind, slug) for slug, _name in rows} == dict(rows), kind
        assert set(SHIPPED[kind]) == {slug for slug, _name in rows}, kind


def test_every_shipped_row_in_the_database_has_its_english_name_listed():
    for model in (BodyArea, Trigger, Technique, MedicationClass):
        kind = model._meta.model_name
        rows = model.objects.all()
        if kind in ("trigger", "technique"):
            rows = rows.filter(owner__isnull=True)
        stored = dict(rows.values_list("slug", "name"))
        assert stored == {slug: english(kind, slug) for slug in SHIPPED[kind]}, kind


# --- one item, and a row of a query ------------------------------------------------------------


def test_a_shipped_item_reads_in_the_readers_language(spanish_names):
    neck = BodyArea.objects.get(slug="neck")

    with translation.override("es"):
        assert neck.shown_name == in_spanish("body area", "Neck") == "Cuello"
        assert str(neck) == "Cuello"
    with translation.override("en"):
        assert neck.shown_name == "Neck"
    assert neck.name == "Neck"


def test_an_item_the_host_renamed_keeps_the_name_typed(spanish_names):
    neck = BodyArea.objects.get(slug="neck")
    neck.name = "Neck and nape"
    neck.save()

    with translation.override("es"):
        assert neck.shown_name == "Neck and nape"
        assert str(neck) == "Neck and nape"


def test_a_patients_own_trigger_keeps_the_name_typed_even_a_shipped_one(patient, spanish_names):
    own = Trigger.objects.create(owner=patient, name="Stress or worry")

    with translation.override("es"):
        assert own.shown_name == "Stress or worry"
        assert Trigger.objects.get(slug="emotional-stress").shown_name == "Estrés o preocupación"


def test_a_row_of_a_query_reads_as_its_item_would(spanish_names):
    with translation.override("es"):
        assert shown_name_of("trigger", "emotional-stress", "Stress or worry") == (
            in_spanish("trigger", "Stress or worry")
        )
        assert shown_name_of("trigger", "emotional-stress", "Worries") == "Worries"
        assert shown_name_of("technique", "own-0123456789abcdef", "Stretching") == "Stretching"
        assert medication_class_name("magnesium", "Supplement: magnesium") == (
            "Suplemento: magnesio"
        )
        assert medication_class_name(None, None) == ""


# --- the pages ---------------------------------------------------------------------------------


def test_the_dashboard_offers_the_areas_in_the_patients_language(
    client, spanish_patient, spanish_names
):
    client.force_login(spanish_patient)

    html = client.get(reverse("diary:dashboard")).content.decode()

    assert in_spanish("body area", "Neck") in html
    assert ">Neck<" not in html


def test_the_quick_log_names_the_chosen_areas_in_the_patients_language(
    client, spanish_patient, spanish_names
):
    client.force_login(spanish_patient)

    response = client.get(reverse("diary:dashboard"), {"area": ["neck", "lower-back"]})

    assert response.context["chosen_names"].startswith("Cuello")
    assert "Zona lumbar" in response.context["chosen_names"]


def test_the_history_names_triggers_and_techniques_in_the_patients_language(
    client, spanish_patient, spanish_names, make_spasm, make_session
):
    make_spasm(spanish_patient, areas=("neck",), triggers=("emotional-stress",))
    make_session(spanish_patient, "stretching")
    client.force_login(spanish_patient)

    html = client.get(reverse("diary:history")).content.decode()

    assert in_spanish("body area", "Neck") in html
    assert in_spanish("trigger", "Stress or worry") in html
    assert in_spanish("technique", "Stretching") in html
    assert "Stress or worry" not in html


def test_the_insights_rankings_read_in_the_patients_language(
    client, spanish_patient, spanish_names, make_spasm, make_session
):
    make_spasm(spanish_patient, areas=("neck",), triggers=("emotional-stress",))
    make_session(spanish_patient, "stretching", before=6, after=2)
    client.force_login(spanish_patient)

    response = client.get(reverse("diary:insights"))
    html = response.content.decode()

    assert [row.shown_name for row in response.context["body_areas"].rows] == ["Cuello"]
    assert [row.shown_name for row in response.context["triggers"].rows] == [
        in_spanish("trigger", "Stress or worry")
    ]
    assert "Cuello" in html and "Estrés o preocupación" in html and "Estiramientos" in html


def test_ranking_rows_keep_the_stored_name_beside_the_shown_one(
    patient, spanish_names, make_spasm, make_session
):
    make_spasm(patient, areas=("neck", "lower-back"), triggers=("emotional-stress",))
    make_session(patient, "stretching")
    period = Period.last_days(patient, 30)

    areas = body_areas(patient, period).rows
    named = triggers(patient, period).rows
    techniques = technique_effects(patient, period).rows

    assert [row.name for row in areas] == ["Neck", "Lower back"]
    with translation.override("es"):
        assert [row.shown_name for row in areas] == ["Cuello", "Zona lumbar"]
        assert [row.shown_name for row in named] == ["Estrés o preocupación"]
        assert [row.shown_name for row in techniques] == ["Estiramientos"]


def test_a_renamed_area_shows_as_typed_on_the_insights_page(
    client, spanish_patient, spanish_names, make_spasm
):
    BodyArea.objects.filter(slug="neck").update(name="Nape")
    make_spasm(spanish_patient, areas=("neck",))
    client.force_login(spanish_patient)

    response = client.get(reverse("diary:insights"))

    assert [row.shown_name for row in response.context["body_areas"].rows] == ["Nape"]


# --- exports -----------------------------------------------------------------------------------


def test_the_fhir_export_keeps_the_stored_english_names(
    client, spanish_patient, spanish_names, make_spasm
):
    make_spasm(spanish_patient, areas=("neck",), triggers=("emotional-stress",))
    client.force_login(spanish_patient)

    document = downloaded(client.get(reverse("diary:export_fhir"))).decode()

    assert "Stress or worry" in document
    assert "Cuello" not in document and "Estrés" not in document


def test_the_csv_export_names_shipped_items_by_slug(
    client, spanish_patient, spanish_names, make_spasm
):
    make_spasm(spanish_patient, areas=("neck",), triggers=("emotional-stress",))
    client.force_login(spanish_patient)

    archive = zipfile.ZipFile(io.BytesIO(downloaded(client.get(reverse("diary:export_csv")))))
    spasms = archive.read("spasms.csv").decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(spasms)))

    assert (row["body_areas"], row["triggers"]) == ("neck", "emotional-stress")
    assert "Cuello" not in spasms and "Estrés" not in spasms
