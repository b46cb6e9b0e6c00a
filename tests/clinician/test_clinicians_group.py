"""The Clinicians group, made by a migration: view diaries, write notes, nothing else."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_migration_made_the_group_with_view_only_permissions_on_diaries(clinicians_group):
    granted = set(clinicians_group.permissions.values_list("codename", flat=True))

    assert {
        "view_spasm",
        "view_dose",
        "view_medication",
        "view_techniquesession",
        "view_checkin",
        "view_sharedpatient",
    } <= granted
    assert not {code for code in granted if code.split("_")[0] in {"change", "delete", "add"}} - {
        "add_reviewmark",
        "add_cliniciannote",
        "change_cliniciannote",
        "delete_cliniciannote",
    }
    assert not granted & {"view_user", "view_invitation", "view_careshare", "view_accesslog"}
    assert set(clinicians_group.permissions.values_list("content_type__app_label", flat=True)) == {
        "diary"
    }
