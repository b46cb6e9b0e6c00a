from datetime import date

import pytest
from django.urls import reverse

from diary.care import sharing
from diary.models import AccessLog
from tests.conftest import TODAY

pytestmark = pytest.mark.django_db

URL = reverse("diary:report")


@pytest.fixture
def filled(diary, frozen_today):
    magnesium = diary.medication("Magnesium")
    diary.medication("Old pill", current=False)
    for offset in range(5):
        day = date(2025, 3, 25 + offset)
        diary.spasm(day, intensity=6, areas=["neck"], triggers=["cold"])
        diary.session(day, "heat", before=7, after=3)
        diary.dose(magnesium, day)
    diary.spasm(date(2025, 3, 27), note="Woke me at 3 am, calf")
    diary.spasm(date(2025, 1, 5), note="An old note")
    return diary


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_covers_the_last_30_days_by_default(patient_client, filled):
    response = patient_client.get(URL)

    assert response.status_code == 200
    assert response.context["period"].first == date(2025, 3, 2)
    assert response.context["period"].last == TODAY


def test_it_holds_the_figures_medicines_what_helped_and_notes(patient_client, filled):
    text = patient_client.get(URL).text

    assert "Spasm diary report" in text
    assert "Medicines taken now" in text
    assert "Magnesium" in text and "Old pill" not in text
    assert "Helped in most sessions:" in text and "<strong>Heat</strong>" in text
    assert "Woke me at 3 am, calf" in text
    assert "An old note" not in text
    assert 'class="body-map__area level-4"' in text


def test_it_takes_a_chosen_period(patient_client, filled):
    response = patient_client.get(URL, {"start": "2025-01-01", "end": "2025-01-31"})

    # The diary began on 5 January: the period is cut to the days it existed.
    assert response.context["period"].asked_days == 31
    assert response.context["period"].days == 27
    assert "An old note" in response.text
    assert "Woke me at 3 am" not in response.text


def test_it_explains_a_period_that_ends_before_it_starts(patient_client, filled):
    response = patient_client.get(URL, {"start": "2025-03-10", "end": "2025-03-01"})

    assert response.context["form"].errors["start"] == [
        "The first day must be before the last day."
    ]
    assert response.context["period"].last == TODAY  # and it shows the default meanwhile


def test_it_is_printable(patient_client, filled):
    text = patient_client.get(URL).text

    assert 'class="no-print report__controls"' in text
    assert "report__figure" in text


def test_a_clinician_with_an_active_share_sees_it_and_it_is_logged(client, patient, doctor, filled):
    sharing.grant(patient, doctor)
    client.force_login(doctor)

    response = client.get(URL, {"patient": patient.pk})

    assert response.status_code == 200
    assert response.context["patient"] == patient
    assert "Woke me at 3 am, calf" in response.text
    log = AccessLog.objects.get(patient=patient)
    assert log.clinician == doctor
    assert log.action == AccessLog.Action.SUMMARY
    assert log.detail_text() == "Appointment report, 2 March 2025 to 31 March 2025"


def test_a_clinician_without_a_share_gets_a_404(client, patient, doctor, filled):
    client.force_login(doctor)

    assert client.get(URL, {"patient": patient.pk}).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_revoked_share_closes_the_report(client, patient, doctor, filled):
    share = sharing.grant(patient, doctor)
    sharing.revoke(share)
    client.force_login(doctor)

    assert client.get(URL, {"patient": patient.pk}).status_code == 404


def test_a_patient_cannot_open_another_patients_report(client, patient, stranger, filled):
    client.force_login(stranger)

    assert client.get(URL, {"patient": patient.pk}).status_code == 404
    assert client.get(URL, {"patient": "nope"}).status_code == 404


def test_the_report_of_a_shared_patient_uses_the_patients_own_days(client, patient, doctor, filled):
    doctor.time_zone = "Pacific/Auckland"
    doctor.save()
    sharing.grant(patient, doctor)
    client.force_login(doctor)

    response = client.get(URL, {"patient": patient.pk})

    assert response.context["period"].last == TODAY


def test_a_clinician_choosing_a_period_stays_on_the_patients_report(
    client, patient, doctor, filled
):
    sharing.grant(patient, doctor)
    client.force_login(doctor)

    response = client.get(URL, {"patient": patient.pk})

    assert f'<input type="hidden" name="patient" value="{patient.pk}"' in response.text


def test_a_patients_own_period_form_sends_an_empty_patient_and_stays_theirs(
    patient_client, patient, filled
):
    response = patient_client.get(URL, {"start": "2025-03-01", "end": "2025-03-31", "patient": ""})

    assert response.status_code == 200
    assert response.context["patient"] == patient
