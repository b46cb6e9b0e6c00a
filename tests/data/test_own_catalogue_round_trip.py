"""A patient's own triggers and techniques leave with the diary and come back with it:
an export imported into another account makes them anew there, for that account only,
and its entries name them; shipped items still match by slug."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from diary.data import csv_export, fhir, json_records, restore
from diary.data.restore import ImportRefused
from diary.models import Spasm, Technique, TechniqueSession, Trigger
from tests.conftest import TODAY
from tests.helpers import upload

pytestmark = pytest.mark.django_db

IMPORT = reverse("diary:import")


@pytest.fixture
def owned(patient, diary, frozen_today):
    """The patient's own trigger and technique, each named by an entry, beside a
    shipped trigger; and one own trigger they removed, still named by a spasm."""
    noise = Trigger.objects.create(owner=patient, name="Loud noise")
    humming = Technique.objects.create(owner=patient, name="Humming")
    crowds = Trigger.objects.create(owner=patient, name="Crowds", is_active=False)
    diary.spasm(TODAY, hour=9, triggers=["cold", noise.slug], note="noisy and cold")
    diary.spasm(TODAY, hour=10, triggers=[crowds.slug], note="market")
    diary.session(TODAY, humming.slug, before=6, after=3)
    return {"noise": noise, "humming": humming, "crowds": crowds}


@pytest.fixture
def newcomer(make_user):
    return make_user("newcomer", time_zone="Europe/London")


def import_as(client, user, document):
    """Import through the page, saying yes to a file that holds someone else's diary."""
    client.force_login(user)
    response = client.post(IMPORT, {"file": upload(document)})
    if response.status_code == 200 and "kept" in response.context["form"].fields:
        kept = response.context["form"]["kept"].value()
        response = client.post(IMPORT, {"kept": kept, "confirm": "on"})
    return response


def test_the_export_lists_the_patients_own_items_and_entries_name_them(patient, owned):
    document = json_records.export_json(patient)

    assert document["own_triggers"] == [
        {"slug": owned["crowds"].slug, "name": "Crowds", "is_active": False},
        {"slug": owned["noise"].slug, "name": "Loud noise", "is_active": True},
    ]
    assert document["own_techniques"] == [
        {"slug": owned["humming"].slug, "name": "Humming", "is_active": True}
    ]
    assert document["spasms"][0]["triggers"] == ["cold", owned["noise"].slug]


def test_the_export_never_lists_another_patients_own_items(patient, stranger, owned):
    Trigger.objects.create(owner=stranger, name="Thunderstorms")

    document = json_records.export_json(patient)

    assert "Thunderstorms" not in {item["name"] for item in document["own_triggers"]}


def test_an_export_imported_into_another_account_recreates_its_own_items(
    client, patient, newcomer, owned
):
    document = json_records.export_json(patient)

    response = import_as(client, newcomer, document)

    assert response.status_code == 302
    theirs = {item.name: item for item in Trigger.objects.owned_by(newcomer)}
    assert {name: item.is_active for name, item in theirs.items()} == {
        "Loud noise": True,
        "Crowds": False,
    }
    noisy = Spasm.objects.owned_by(newcomer).get(note="noisy and cold")
    assert {t.slug for t in noisy.triggers.all()} == {"cold", theirs["Loud noise"].slug}
    market = Spasm.objects.owned_by(newcomer).get(note="market")
    assert list(market.triggers.all()) == [theirs["Crowds"]]
    session = TechniqueSession.objects.owned_by(newcomer).get()
    assert session.technique.owner == newcomer and session.technique.name == "Humming"


def test_importing_into_another_account_never_uses_the_exporters_items(
    client, patient, newcomer, owned
):
    document = json_records.export_json(patient)

    import_as(client, newcomer, document)

    mine = set(Trigger.objects.owned_by(patient)) | set(Technique.objects.owned_by(patient))
    for spasm in Spasm.objects.owned_by(newcomer):
        assert not set(spasm.triggers.all()) & mine
    assert TechniqueSession.objects.owned_by(newcomer).get().technique not in mine
    # The exporter's own items are unchanged, and still theirs alone.
    assert Trigger.objects.owned_by(patient).count() == 2
    assert all(t.owner == patient for t in Trigger.objects.filter(pk__in=[t.pk for t in mine]))


def test_the_new_account_is_offered_its_imported_items_and_the_exporter_is_not_theirs(
    client, patient, newcomer, owned
):
    import_as(client, newcomer, json_records.export_json(patient))
    client.force_login(newcomer)

    page = client.get(reverse("diary:entry_new", args=["spasms"])).content.decode()

    theirs = Trigger.objects.owned_by(newcomer).get(name="Loud noise")
    assert theirs.slug in page and owned["noise"].slug not in page


def test_importing_the_same_file_twice_makes_each_own_item_once(client, patient, newcomer, owned):
    document = json_records.export_json(patient)

    import_as(client, newcomer, document)
    import_as(client, newcomer, document)

    assert Trigger.objects.owned_by(newcomer).count() == 2
    assert Technique.objects.owned_by(newcomer).count() == 1


def test_an_own_item_of_the_same_name_is_used_rather_than_doubled(patient, newcomer, owned):
    already = Trigger.objects.create(owner=newcomer, name="LOUD NOISE")

    restore.import_diary(newcomer, json_records.export_json(patient))

    noisy = Spasm.objects.owned_by(newcomer).get(note="noisy and cold")
    assert already in noisy.triggers.all()
    assert Trigger.objects.owned_by(newcomer).filter(name__iexact="loud noise").count() == 1


def test_importing_ones_own_file_back_after_deleting_the_entries_names_the_same_items(
    patient, owned
):
    before = json_records.diary_records(patient)
    document = json_records.export_json(patient)
    Spasm.objects.owned_by(patient).delete()
    TechniqueSession.objects.owned_by(patient).delete()

    restore.import_diary(patient, document)

    assert json_records.diary_records(patient) == before


def test_a_file_naming_someone_elses_own_trigger_it_does_not_list_is_refused(
    patient, newcomer, owned
):
    document = json_records.export_json(patient)
    document["own_triggers"] = [t for t in document["own_triggers"] if t["name"] == "Crowds"]

    with pytest.raises(ImportRefused, match="names a trigger this server does not have"):
        restore.import_diary(newcomer, document)
    assert not Spasm.objects.owned_by(newcomer).exists()


def test_an_own_item_whose_slug_is_not_an_own_slug_is_refused(patient, newcomer, owned):
    document = json_records.export_json(patient)
    document["own_triggers"].append({"slug": "cold", "name": "Chilly", "is_active": True})

    with pytest.raises(ImportRefused, match="own_triggers|own triggers"):
        restore.import_diary(newcomer, document)
    assert not Trigger.objects.owned_by(newcomer).exists()


def test_two_own_items_of_one_name_are_refused(patient, newcomer, owned):
    document = json_records.export_json(patient)
    document["own_techniques"].append(
        {"slug": "own-0123456789abcdef", "name": "humming", "is_active": True}
    )

    with pytest.raises(ImportRefused, match="each needs its own name"):
        restore.import_diary(newcomer, document)


def test_a_file_from_before_own_items_is_still_imported(client, patient, newcomer, frozen_today):
    from tests.conftest import Diary

    Diary(patient).spasm(TODAY, triggers=["cold"])
    document = json_records.export_json(patient)
    del document["own_triggers"], document["own_techniques"]
    document["checksum"] = json_records.checksum(document)

    response = import_as(client, newcomer, document)

    assert response.status_code == 302
    assert [t.slug for t in Spasm.objects.owned_by(newcomer).get().triggers.all()] == ["cold"]


def test_the_worker_imports_own_items_of_a_big_file(settings, tmp_path, client, patient, owned):
    settings.IMPORT_INLINE_MAX_BYTES = 200
    settings.IMPORT_JOBS_DIR = tmp_path / "import-jobs"
    document = json_records.export_json(patient)
    Spasm.objects.owned_by(patient).delete()
    TechniqueSession.objects.owned_by(patient).delete()
    client.force_login(patient)

    client.post(IMPORT, {"file": upload(document)})
    call_command("run_worker", "--once", stdout=io.StringIO())

    noisy = Spasm.objects.owned_by(patient).get(note="noisy and cold")
    assert owned["noise"] in noisy.triggers.all()
    assert TechniqueSession.objects.owned_by(patient).get().technique == owned["humming"]


def test_the_csv_zip_lists_the_own_items_by_slug_and_name(patient, owned):
    import csv
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(csv_export.export_csv_zip(patient)))
    rows = list(csv.DictReader(io.StringIO(archive.read("own_triggers.csv").decode("utf-8-sig"))))

    assert [(row["slug"], row["name"]) for row in rows] == [
        (owned["crowds"].slug, "Crowds"),
        (owned["noise"].slug, "Loud noise"),
    ]


def test_fhir_names_own_triggers_and_techniques(patient, owned):
    bundle = fhir.export_fhir(patient)
    resources = [entry["resource"] for entry in bundle["entry"]]

    texts = [
        component["valueCodeableConcept"]["text"]
        for resource in resources
        for component in resource.get("component", ())
        if component["code"]["text"] == "Possible trigger"
    ]
    assert sorted(texts) == ["Cold", "Crowds", "Loud noise"]
    procedures = [r for r in resources if r["resourceType"] == "Procedure"]
    assert [p["code"]["text"] for p in procedures] == ["Humming"]


def test_the_clinicians_csv_names_own_triggers(patient, owned):
    from diary.data.schema import SPASMS

    spasm = Spasm.objects.owned_by(patient).get(note="noisy and cold")

    row = csv_export.readable_row(SPASMS, spasm)

    assert "Cold; Loud noise" in row
