import hashlib
import json

from django.db import migrations, models

# The checksum before this migration and after it, frozen here: a shipped page
# nobody edited must still count as unedited, so the next load brings it the
# pages' new sources and review dates (and the safety review's rewrites).
OLD_FIELDS = ("title", "summary", "section", "order", "key_points", "body", "is_published")
NEW_FIELDS = (
    "title", "summary", "section", "order", "key_points", "evidence", "body",
    "sources", "reviewed_on", "is_published",
)  # fmt: skip


def _normalise(text):
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _checksum(page, names):
    canonical = {}
    for name in names:
        value = getattr(page, name)
        if name in ("order", "is_published"):
            canonical[name] = value
        elif name == "reviewed_on":
            canonical[name] = value.isoformat() if value else ""
        else:
            canonical[name] = _normalise(value)
    data = json.dumps(canonical, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def refresh_checksums(apps, schema_editor):
    Page = apps.get_model("education", "Page")
    for page in Page.objects.filter(is_shipped=True):
        if _checksum(page, OLD_FIELDS) == page.shipped_checksum:
            page.shipped_checksum = _checksum(page, NEW_FIELDS)
            page.save(update_fields=["shipped_checksum"])


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="page",
            name="evidence",
            field=models.CharField(
                blank=True,
                help_text="For a technique: one line on how strong the evidence is and what studies measured.",
                max_length=300,
                verbose_name="how sure are we?",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="sources",
            field=models.TextField(
                default="",
                max_length=3000,
                help_text="Where the facts come from: one per line, the title and who published it.",
                verbose_name="sources",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="page",
            name="reviewed_on",
            field=models.DateField(
                help_text="When the page was last checked against its sources.",
                null=True,
                verbose_name="reviewed",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="body",
            field=models.TextField(
                help_text="Markdown: ## for headings, - for lists. Write {{EMERGENCY_NUMBER}} and {{CRISIS_LINE}} where a number to call belongs: they show this server's numbers.",
                verbose_name="body",
            ),
        ),
        migrations.RunPython(refresh_checksums, migrations.RunPython.noop),
    ]
