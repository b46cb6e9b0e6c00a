"""An entry saved with an impossible date before dates were checked is given back to
its owner: moved to the moment it was logged, so it can be seen, fixed or deleted."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from diary.models import CheckIn, Spasm

pytestmark = pytest.mark.django_db

REPAIR = importlib.import_module("diary.migrations.0013_repair_impossible_dates")


def poison(table, pk, moment_column=None):
    """Store year 1 as the old forms let it through: in year 1 BC on PostgreSQL, which
    Python cannot read back."""
    if connection.vendor == "postgresql":
        moment, day = "0001-12-31 23:00:00+00 BC", "0001-12-31 BC"
    else:
        moment, day = "0001-01-01 00:00:00", "0001-01-01"
    sets = ["local_date = %s"]
    values = [day]
    if moment_column:
        sets.append(f"{moment_column} = %s")
        values.append(moment)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE id = %s", [*values, pk])


def test_a_spasm_at_year_one_is_moved_to_when_it_was_logged(patient, make_spasm):
    spasm = make_spasm(patient, intensity=6)
    poison("diary_spasm", spasm.pk, "started_at")

    REPAIR.repair(django_apps, schema_editor=None)

    repaired = Spasm.objects.get(pk=spasm.pk)
    assert repaired.started_at == repaired.created_at
    assert repaired.local_date == repaired.created_at.astimezone(patient.zone).date()


def test_after_the_repair_the_patient_can_open_and_delete_the_entry(
    patient_client, patient, make_spasm
):
    spasm = make_spasm(patient, intensity=6)
    poison("diary_spasm", spasm.pk, "started_at")
    REPAIR.repair(django_apps, schema_editor=None)

    history = patient_client.get(reverse("diary:history"))
    edit = patient_client.get(reverse("diary:entry_edit", args=["spasms", spasm.pk]))
    patient_client.post(reverse("diary:entry_delete", args=["spasms", spasm.pk]))

    assert (history.status_code, edit.status_code) == (200, 200)
    assert not Spasm.objects.filter(pk=spasm.pk).exists()


def test_entries_with_possible_dates_are_left_as_they_are(patient, make_spasm):
    spasm = make_spasm(patient, intensity=6)
    before = Spasm.objects.filter(pk=spasm.pk).values("started_at", "local_date").get()

    REPAIR.repair(django_apps, schema_editor=None)

    assert Spasm.objects.filter(pk=spasm.pk).values("started_at", "local_date").get() == before


def test_a_check_in_on_an_impossible_day_moves_to_the_day_it_was_made(patient, make_check_in):
    check_in = make_check_in(patient, stress=3)
    poison("diary_checkin", check_in.pk)

    REPAIR.repair(django_apps, schema_editor=None)

    repaired = CheckIn.objects.get(pk=check_in.pk)
    assert repaired.local_date == repaired.created_at.astimezone(patient.zone).date()
