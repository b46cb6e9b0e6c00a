"""Rewrite old "Recent actions" rows of diary rows to their kind and id.

Before, the admin's log named a row by its text (a clinician note's first words), and
that text outlived the share. New rows are written as "Clinician note 12"
(diary.care.clinician_admin.admin_base); this gives the old rows the same name.
"""

from django.db import migrations
from django.utils.text import capfirst

DIARY_MODELS = (
    "spasm",
    "dose",
    "techniquesession",
    "checkin",
    "medication",
    "spasmtimer",
    "cliniciannote",
    "notereply",
    "reviewmark",
)


def scrub(apps, schema_editor):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in DIARY_MODELS:
        content_type = ContentType.objects.filter(app_label="diary", model=name).first()
        if content_type is None:
            continue
        kind = capfirst(apps.get_model("diary", name)._meta.verbose_name)
        rows = LogEntry.objects.filter(content_type=content_type)
        for entry in rows.only("pk", "object_id").iterator():
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=f"{kind} {entry.object_id}")


class Migration(migrations.Migration):
    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("diary", "0007_shown_names_listed_clinicians_note_replies"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
