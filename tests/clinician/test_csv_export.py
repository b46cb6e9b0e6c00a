"""CSV export of an entry list: exactly what the filters show, shared patients only, logged."""

import csv
import io

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.models import AccessLog
from tests.conftest import today_for

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:diary_spasm_export")


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="unknot-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def spasms(patient, stranger, diary, stranger_diary, shared):
    today = today_for(patient)
    diary.spasm(today, hour=9, intensity=2, areas=["neck"], triggers=["cold"], note="mild one")
    diary.spasm(today, hour=10, intensity=9, areas=["neck", "chest"], note="bad one")
    stranger_diary.spasm(today_for(stranger), intensity=9, note="not shared")


def test_it_exports_every_shared_row_and_no_other(doctor_client, spasms):
    rows = read_csv(doctor_client.get(EXPORT))

    assert sorted(row["Note"] for row in rows) == ["bad one", "mild one"]
    assert {row["Patient"] for row in rows} == {"pat"}


def test_it_exports_what_the_filters_and_search_show(doctor_client, spasms):
    severe = read_csv(doctor_client.get(EXPORT, {"intensity": "severe"}))
    searched = read_csv(doctor_client.get(EXPORT, {"q": "mild"}))

    assert [row["Note"] for row in severe] == ["bad one"]
    assert [row["Note"] for row in searched] == ["mild one"]


def test_it_writes_the_columns_a_clinician_needs(doctor_client, patient, spasms):
    row = read_csv(doctor_client.get(EXPORT, {"q": "bad"}))[0]

    assert row["How bad (0–10)"] == "9"
    assert row["Where"] == "Neck; Chest"
    assert row["Day"] == str(today_for(patient))
    assert row["When it started"].endswith(("+00:00", "+01:00"))  # the patient's own clock


def test_searching_for_an_unshared_patient_exports_nothing(doctor_client, spasms):
    assert read_csv(doctor_client.get(EXPORT, {"q": "not shared"})) == []


def test_the_export_is_written_to_the_access_log(doctor_client, patient, spasms):
    doctor_client.get(EXPORT)

    visit = AccessLog.objects.get()
    assert (visit.patient, visit.action) == (patient, AccessLog.Action.EXPORT)
    assert visit.detail_text() == "spasms, as a CSV file"


def test_downloading_selected_rows_ignores_ids_that_are_not_shared(
    doctor_client, patient, stranger, spasms
):
    everyone = list(patient.spasm_set.all()) + list(stranger.spasm_set.all())

    response = doctor_client.post(
        reverse("admin:diary_spasm_changelist"),
        {"action": "download_selected", "_selected_action": [s.pk for s in everyone]},
    )

    assert {row["Patient"] for row in read_csv(response)} == {"pat"}


def test_a_formula_in_a_note_cannot_run_in_a_spreadsheet(doctor_client, patient, shared, diary):
    diary.spasm(today_for(patient), note='=HYPERLINK("http://evil.example")')

    row = read_csv(doctor_client.get(EXPORT))[0]

    assert row["Note"].startswith("'=")


@pytest.fixture
def one_of_each(patient, shared, diary):
    today = today_for(patient)
    diary.dose(diary.medication("Magnesium"), today, amount="400", unit="mg")
    diary.session(today, "heat", before=6, after=2, helped=2)
    diary.check_in(today, stress=3, sleep_hours=7, water_glasses=5)


@pytest.mark.parametrize("model", ["dose", "medication", "techniquesession", "checkin"], ids=str)
def test_every_entry_list_exports(doctor_client, one_of_each, model):
    response = doctor_client.get(reverse(f"admin:diary_{model}_export"))

    text = b"".join(response.streaming_content).decode()
    assert len(text.strip().splitlines()) == 2
    assert "pat" in text


@pytest.mark.parametrize(
    ("model", "header"),
    [
        ("spasm", ["Patient", "Day", "When it started", "How long it lasted (seconds)"]),
        ("dose", ["Patient", "Day", "Medicine", "When you took it", "Amount", "Unit", "Note"]),
        ("medication", ["Patient", "Name", "Kind of medicine", "Usual amount", "Unit"]),
        ("techniquesession", ["Patient", "Day", "Technique", "When", "Minutes"]),
        ("checkin", ["Patient", "Day", "Hours slept", "Sleep quality (0 = awful, 10 = great)"]),
    ],
)
def test_the_columns_are_named_as_the_entry_pages_name_the_fields(
    doctor_client, one_of_each, model, header
):
    response = doctor_client.get(reverse(f"admin:diary_{model}_export"))

    first_line = next(iter(response.streaming_content)).decode()
    assert next(csv.reader([first_line]))[: len(header)] == header


def test_cells_read_as_a_person_reads_them(doctor_client, one_of_each):
    def only_row(model):
        return read_csv(doctor_client.get(reverse(f"admin:diary_{model}_export")))[0]

    dose, medication = only_row("dose"), only_row("medication")
    session, check_in = only_row("techniquesession"), only_row("checkin")

    assert (dose["Medicine"], dose["Amount"], dose["Unit"]) == ("Magnesium", "400", "mg")
    assert (medication["Kind of medicine"], medication["I take this now"]) == (
        "Supplement: magnesium",
        "yes",
    )
    assert (session["Technique"], session["Did it help?"]) == ("Heat", "A lot")
    assert (check_in["Hours slept"], check_in["Glasses of water"]) == ("7", "5")


def test_patients_cannot_export(patient_client):
    response = patient_client.get(EXPORT)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_patient_who_stopped_sharing_is_left_out_of_the_next_export(
    doctor_client, spasms, shared
):
    sharing.revoke(shared)

    assert read_csv(doctor_client.get(EXPORT)) == []
