"""Old "Recent actions" rows lose the diary text they held (migration 0008)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType

from diary.care import sharing

pytestmark = pytest.mark.django_db

scrub = importlib.import_module("diary.migrations.0008_scrub_diary_text_from_admin_log").scrub


def test_an_old_log_row_of_a_note_keeps_its_kind_and_id_not_its_text(patient, doctor):
    note = sharing.add_note(doctor, patient, "Discussed the night cramps and the new dose")
    entry = LogEntry.objects.create(
        user=doctor,
        content_type=ContentType.objects.get_for_model(note),
        object_id=str(note.pk),
        object_repr=str(note),
        action_flag=ADDITION,
    )
    assert "night cramps" in entry.object_repr

    scrub(apps, None)

    entry.refresh_from_db()
    assert entry.object_repr == f"Clinician note {note.pk}"


def test_a_log_row_of_an_account_is_left_as_it_was(patient, host):
    entry = LogEntry.objects.create(
        user=host,
        content_type=ContentType.objects.get_for_model(patient),
        object_id=str(patient.pk),
        object_repr=patient.username,
        action_flag=ADDITION,
    )

    scrub(apps, None)

    entry.refresh_from_db()
    assert entry.object_repr == patient.username
