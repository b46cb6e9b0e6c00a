"""A repeated dose asks first: "Took my …" for the same medicine within 10 minutes of the
last dose, or within its "hours apart", answers "You logged this N minutes ago — log
another?" instead of saving; "Yes, log another" saves it (once). A dose can be undone.
A dose kept on the device while offline is saved without asking: it was tapped then."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from diary.daily.offline import device_key
from diary.models import Dose
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("diary:dashboard")
QUICK_DOSE = reverse("diary:quick_dose")
NEW_DOSE = reverse("diary:entry_new", args=["doses"])
KEPT = {"headers": {"X-Kept-Entry": "1"}}
HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def baclofen(patient):
    return Diary(patient).medication("Baclofen", amount="10", unit="mg")


def took(medicine, minutes_ago, patient, on_the_minute=False):
    now = timezone.now().replace(second=0, microsecond=0) if on_the_minute else timezone.now()
    return Diary(patient).dose(
        medicine, amount="10", unit="mg", when=now - timedelta(minutes=minutes_ago)
    )


def tap(medicine, token=None, **extra):
    return {"medication": str(medicine.pk), "client_token": token or str(uuid.uuid4()), **extra}


def test_a_second_dose_within_ten_minutes_asks_first(patient_client, patient, baclofen):
    took(baclofen, 3, patient)

    response = patient_client.post(QUICK_DOSE, tap(baclofen))

    page = response.content.decode()
    assert response.status_code == 200
    assert "You logged this 3 minutes ago — log another?" in page
    assert "Yes, log another" in page
    assert Dose.objects.count() == 1


def test_yes_saves_the_second_dose_once(patient_client, patient, baclofen):
    took(baclofen, 3, patient)
    token = str(uuid.uuid4())
    patient_client.post(QUICK_DOSE, tap(baclofen, token))

    patient_client.post(QUICK_DOSE, tap(baclofen, token, again="1"))
    patient_client.post(QUICK_DOSE, tap(baclofen, token, again="1"))  # a double tap on Yes

    assert Dose.objects.filter(owner=patient, medication=baclofen).count() == 2


def test_the_question_offers_no_and_keeps_the_token_for_yes(patient_client, patient, baclofen):
    took(baclofen, 3, patient)
    token = str(uuid.uuid4())

    page = patient_client.post(QUICK_DOSE, tap(baclofen, token)).content.decode()

    question = page[page.index('class="repeat-question"') :]
    assert f'value="{token}"' in question[: question.index("</form>")]
    assert 'name="again" value="1"' in question
    assert f'method="get" action="{DASHBOARD}#doses"' in question  # No: back, nothing saved


def test_a_dose_after_ten_minutes_saves_without_asking(patient_client, patient, baclofen):
    took(baclofen, 11, patient)

    response = patient_client.post(QUICK_DOSE, tap(baclofen))

    assert response.status_code == 302
    assert Dose.objects.count() == 2


def test_a_dose_within_the_hours_apart_asks_first(patient_client, patient, baclofen):
    baclofen.min_hours_apart = Decimal("4")
    baclofen.save()
    took(baclofen, 130, patient)

    page = patient_client.post(QUICK_DOSE, tap(baclofen)).content.decode()

    assert "You logged this 2 hours, 10 minutes ago — log another?" in page
    assert Dose.objects.count() == 1


def test_a_dose_of_another_medicine_does_not_ask(patient_client, patient, baclofen):
    took(baclofen, 2, patient)
    magnesium = Diary(patient).medication("Magnesium")

    assert patient_client.post(QUICK_DOSE, tap(magnesium)).status_code == 302
    assert Dose.objects.count() == 2


def test_the_same_form_sent_again_is_not_a_repeat(patient_client, patient, baclofen):
    data = tap(baclofen)

    first = patient_client.post(QUICK_DOSE, data)
    again = patient_client.post(QUICK_DOSE, data)  # a retried post, a double tap

    assert first.status_code == again.status_code == 302
    assert Dose.objects.count() == 1


def test_htmx_answers_with_the_question_in_the_medicines_panel(patient_client, patient, baclofen):
    took(baclofen, 1, patient)

    response = patient_client.post(QUICK_DOSE, tap(baclofen), **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="doses"' in page
    assert "You logged this 1 minute ago — log another?" in page
    assert f'data-hx-post="{QUICK_DOSE}"' in page[page.index('class="repeat-question"') :]


# --- kept on the device while offline -----------------------------------------------------


def kept(patient, medicine, token=None):
    return {
        **tap(medicine, token),
        "made_at": timezone.now().isoformat(),
        "kept_for": device_key(patient),
    }


def test_a_kept_dose_that_would_ask_is_saved_it_was_tapped_offline(
    patient_client, patient, baclofen
):
    took(baclofen, 2, patient)

    response = patient_client.post(QUICK_DOSE, kept(patient, baclofen), **KEPT)

    assert response.status_code == 201
    assert Dose.objects.count() == 2


def test_a_kept_dose_sent_again_is_answered_saved_and_saved_once(patient_client, patient, baclofen):
    data = kept(patient, baclofen)

    answers = [patient_client.post(QUICK_DOSE, data, **KEPT).status_code for _ in range(2)]

    assert answers == [201, 201]
    assert Dose.objects.count() == 1


# --- the detailed dose form ---------------------------------------------------------------


def detailed(medicine, when, **extra):
    moment = timezone.localtime(when, medicine.owner.zone).strftime("%Y-%m-%dT%H:%M")
    return {"medication": medicine.pk, "dose": "10 mg", "taken_at": moment, **extra}


def test_the_detailed_form_asks_too_and_keeps_what_was_typed(patient_client, patient, baclofen):
    earlier = took(baclofen, 30, patient, on_the_minute=True)
    when = earlier.taken_at + timedelta(minutes=5)

    response = patient_client.post(NEW_DOSE, detailed(baclofen, when, note="second blister"))

    page = response.content.decode()
    assert response.status_code == 200
    time = timezone.localtime(earlier.taken_at, patient.zone).strftime("%H:%M")
    assert f"You logged Baclofen at {time}, 5 minutes from this dose. Log another?" in page
    assert "Yes, log another dose" in page
    assert "second blister" in page
    assert Dose.objects.count() == 1


def test_the_detailed_form_saves_when_yes_is_ticked(patient_client, patient, baclofen):
    earlier = took(baclofen, 30, patient)
    when = earlier.taken_at + timedelta(minutes=5)

    response = patient_client.post(NEW_DOSE, detailed(baclofen, when, again="on"))

    assert response.status_code == 302
    assert Dose.objects.count() == 2


def test_editing_a_dose_never_asks(patient_client, patient, baclofen):
    took(baclofen, 30, patient)
    second = took(baclofen, 25, patient)
    edit = reverse("diary:entry_edit", args=["doses", second.pk])

    response = patient_client.post(edit, detailed(baclofen, second.taken_at, note="late"))

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.note == "late"


# --- Undo, and today at a glance --------------------------------------------------------------


def test_the_saved_dose_has_an_undo_that_deletes_it(patient_client, patient, baclofen):
    response = patient_client.post(QUICK_DOSE, tap(baclofen), follow=True)
    dose = Dose.objects.get()

    page = response.content.decode()
    undo = reverse("diary:entry_delete", args=["doses", dose.pk])
    assert f'action="{undo}"' in page
    assert "Baclofen 10 mg at" in page
    patient_client.post(undo, {"next": DASHBOARD})
    assert not Dose.objects.exists()


def test_htmx_saved_dose_has_the_undo_too(patient_client, patient, baclofen):
    page = patient_client.post(QUICK_DOSE, tap(baclofen), **HTMX).content.decode()

    dose = Dose.objects.get()
    assert f'action="{reverse("diary:entry_delete", args=["doses", dose.pk])}"' in page


def test_someone_elses_saved_dose_is_never_shown(patient_client, stranger):
    theirs = Diary(stranger).dose(Diary(stranger).medication("Baclofen"), when=timezone.now())

    page = patient_client.get(DASHBOARD + f"?saved_dose={theirs.pk}").content.decode()

    assert "Baclofen" not in page


def test_today_at_a_glance_lists_the_dose_once_after_a_repeated_tap(
    patient_client, patient, baclofen
):
    patient_client.post(QUICK_DOSE, tap(baclofen))
    patient_client.post(QUICK_DOSE, tap(baclofen))  # asked, not saved

    glance = patient_client.get(DASHBOARD).context["glance"]

    assert [dose.medication for dose in glance.doses] == [baclofen]
