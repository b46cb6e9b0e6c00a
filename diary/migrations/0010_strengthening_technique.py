from django.db import migrations


def add_strengthening(apps, schema_editor):
    # The one approach EULAR 2016 rates strongly, with aerobic exercise; a host's
    # own technique with this slug is left as it is.
    Technique = apps.get_model("diary", "Technique")
    Technique.objects.get_or_create(
        slug="strengthening",
        defaults={
            "name": "Strengthening exercise",
            "learn_slug": "strengthening-exercise",
            "order": 95,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("diary", "0009_safety_lines")]

    operations = [migrations.RunPython(add_strengthening, migrations.RunPython.noop)]
