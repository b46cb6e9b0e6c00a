import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from diary.models import Dose, Medication

pytestmark = pytest.mark.django_db

MEDICATIONS = reverse("diary:medications")
QUICK_DOSE = reverse("diary:quick_dose")
NEW_DOSE = reverse("diary:entry_new", args=["doses"])


def test_a_patient_adds_a_medicine_with_its_usual_dose(patient_client, patient):
    patient_client.post(
        MEDICATIONS,
        {
            "name": "Magnesium glycinate",
            "medication_class": "",
            "usual_dose": "400 mg",
            "is_current": "on",
        },
    )

    medication = Medication.objects.get(owner=patient)
    assert (medication.usual_amount, medication.usual_unit) == (Decimal("400"), "mg")


NOT_A_DOSE = "Write the amount as a number and a unit, like 400 mg or 1 tablet."
NOT_MORE_THAN_0 = "The amount must be more than 0 and less than 100000."


@pytest.mark.parametrize(
    "dose, message",
    [
        ("a handful", NOT_A_DOSE),
        ("mg 400", NOT_A_DOSE),
        ("-2 mg", NOT_A_DOSE),
        ("0 mg", NOT_MORE_THAN_0),
        ("3 bananas", NOT_A_DOSE),
    ],
)
def test_a_dose_that_does_not_parse_is_refused_beside_the_field(patient_client, dose, message):
    response = patient_client.post(
        MEDICATIONS, {"name": "Baclofen", "usual_dose": dose, "is_current": "on"}
    )

    assert response.context["form"].errors["usual_dose"] == [message]
    assert message in response.content.decode()
    assert not Medication.objects.exists()


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("1 tablet", "1", "tablet"),
        ("2 tablets", "2", "tablet"),
        ("0,5 ml", "0.5", "ml"),
        ("1000 IU", "1000", "IU"),
        ("2", "2", ""),
    ],
)
def test_doses_in_everyday_words_parse(text, amount, unit):
    from diary.validators import parse_dose

    assert parse_dose(text) == (Decimal(amount), unit)


def test_the_same_medicine_twice_is_refused(patient_client, patient, make_medication):
    make_medication(patient, name="Magnesium")

    response = patient_client.post(MEDICATIONS, {"name": "magnesium", "is_current": "on"})

    assert "name" in response.context["form"].errors


def test_took_my_dose_is_one_tap_with_the_usual_amount(patient_client, patient, make_medication):
    medication = make_medication(patient)

    patient_client.post(
        QUICK_DOSE, {"medication": medication.pk, "client_token": str(uuid.uuid4())}
    )

    dose = Dose.objects.get(owner=patient)
    assert (dose.medication, dose.amount, dose.unit) == (medication, Decimal("400"), "mg")


def test_took_my_dose_twice_with_one_form_saves_once(patient_client, patient, make_medication):
    data = {"medication": make_medication(patient).pk, "client_token": str(uuid.uuid4())}

    patient_client.post(QUICK_DOSE, data)
    patient_client.post(QUICK_DOSE, data)

    assert Dose.objects.filter(owner=patient).count() == 1


def test_took_my_dose_for_someone_elses_medicine_saves_nothing(
    patient_client, stranger, make_medication
):
    theirs = make_medication(stranger)

    patient_client.post(QUICK_DOSE, {"medication": theirs.pk, "client_token": str(uuid.uuid4())})

    assert not Dose.objects.exists()


def test_htmx_took_my_dose_answers_with_the_medicines_panel(
    patient_client, patient, make_medication
):
    medication = make_medication(patient)

    response = patient_client.post(
        QUICK_DOSE,
        {"medication": medication.pk, "client_token": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert 'id="doses"' in page and "Magnesium 400 mg at" in page
    assert "<html" not in page


def test_the_dose_form_prefills_the_usual_amount(patient_client, patient, make_medication):
    medication = make_medication(
        patient, name="Cyclobenzaprine", amount="5", unit="mg", class_slug="muscle-relaxant"
    )

    response = patient_client.get(NEW_DOSE + f"?medication={medication.pk}")

    assert response.context["form"].initial["dose"] == "5 mg"


def test_the_dose_form_only_offers_the_patients_own_medicines(
    patient_client, patient, stranger, make_medication
):
    make_medication(patient, name="Mine")
    make_medication(stranger, name="Theirs")

    response = patient_client.get(NEW_DOSE)

    offered = [m.name for m in response.context["form"].fields["medication"].queryset]
    assert offered == ["Mine"]


def test_without_medicines_the_dose_form_leads_to_the_list(patient_client):
    response = patient_client.get(NEW_DOSE)

    assert response.url == MEDICATIONS


def test_the_medicine_list_links_each_class_to_its_guide_page(
    patient_client, patient, make_medication
):
    make_medication(patient, class_slug="diuretic", name="Water pill")

    page = patient_client.get(MEDICATIONS).content.decode()

    assert 'href="/learn/medicines-that-may-cause-spasms/"' in page
