import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from diary.care import sharing
from diary.models import AccessLog, CareShare, Spasm, SpasmTimer
from tests.conftest import PASSWORD, Diary

pytestmark = pytest.mark.django_db

URL = reverse("diary:delete_account")


def rows_pointing_at(user_pk):
    """Every row of every diary model with a foreign key to this user, by model and field."""
    found = {}
    for model in apps.get_app_config("diary").get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model._meta.label == settings.AUTH_USER_MODEL
            ):
                count = model.objects.filter(**{field.name: user_pk}).count()
                if count:
                    found[f"{model.__name__}.{field.name}"] = count
    return found


@pytest.fixture
def everything(patient, doctor, filled):
    SpasmTimer.objects.create(owner=patient)
    share = sharing.grant(patient, doctor)
    sharing.log_access(doctor, [patient], AccessLog.Action.SUMMARY)
    sharing.add_note(doctor, patient, "See you in May")
    feedback = sharing.add_note(doctor, patient, "Try heat.", visible_to_patient=True)
    sharing.add_reply(patient, feedback, "It helped.")
    sharing.mark_reviewed(doctor, patient, filled.owner.date_joined.date())
    AccessAttempt.objects.create(username=patient.username, failures_since_start=1)
    return share


def test_it_needs_a_log_in(client):
    assert client.get(URL).status_code == 302


def test_it_asks_for_the_password_first(patient_client, patient, everything):
    response = patient_client.post(URL, {"password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == [
        "That is not your password. Nothing was deleted."
    ]
    assert get_user_model().objects.filter(pk=patient.pk).exists()
    assert rows_pointing_at(patient.pk)


def test_it_deletes_every_row_the_patient_owns(patient_client, patient, doctor, everything):
    pk = patient.pk
    assert set(rows_pointing_at(pk)) >= {
        "Spasm.owner",
        "Dose.owner",
        "Medication.owner",
        "TechniqueSession.owner",
        "CheckIn.owner",
        "SpasmTimer.owner",
        "CareShare.patient",
        "AccessLog.patient",
        "ClinicianNote.patient",
        "NoteReply.author",
        "ReviewMark.patient",
    }

    response = patient_client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not get_user_model().objects.filter(pk=pk).exists()
    assert rows_pointing_at(pk) == {}
    assert not CareShare.objects.exists()
    assert not AccessLog.objects.exists()
    assert not AccessAttempt.objects.filter(username="pat").exists()


def test_it_logs_the_patient_out(patient_client, patient, everything):
    patient_client.post(URL, {"password": PASSWORD})

    assert patient_client.get(reverse("diary:dashboard")).status_code == 302


def test_it_leaves_everyone_else_alone(patient_client, patient, stranger, doctor, everything):
    Diary(stranger).spasm(everything.created_at.date())

    patient_client.post(URL, {"password": PASSWORD})

    assert Spasm.objects.owned_by(stranger).count() == 1
    assert get_user_model().objects.filter(pk=doctor.pk).exists()
