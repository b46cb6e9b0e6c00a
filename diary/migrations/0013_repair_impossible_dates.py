"""Give back entries that an impossible date locked their owners out of.

Before the forms and the import checked dates (0011), a patient could save a spasm
at 0001-01-01 00:00: on PostgreSQL, in a zone east of UTC, that is stored in year 1
BC, which Python cannot read, so history, the exports and the entry's own edit and
delete pages failed. Each such entry is moved to the moment it was logged
(`created_at`, always real), on that day in its owner's zone, so the patient can see
it, correct it or delete it. Only columns Python can read are selected here.
"""

import datetime
import zoneinfo

from django.db import migrations
from django.db.models import Q

EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
EARLIEST_DAY = datetime.date(1900, 1, 1)

# (model, its moment column): check-ins have only a day, which is their key.
MOMENTS = [("Spasm", "started_at"), ("Dose", "taken_at"), ("TechniqueSession", "started_at")]


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def repair(apps, schema_editor):
    latest = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    for model_name, moment in MOMENTS:
        model = apps.get_model("diary", model_name)
        impossible = model.objects.filter(
            Q(**{f"{moment}__lt": EARLIEST})
            | Q(**{f"{moment}__gt": latest})
            | Q(local_date__lt=EARLIEST_DAY)
            | Q(local_date__gt=latest.date())
        )
        for pk, created_at, zone in impossible.values_list("pk", "created_at", "owner__time_zone"):
            local_day = created_at.astimezone(_zone(zone)).date()
            model.objects.filter(pk=pk).update(**{moment: created_at, "local_date": local_day})
    check_in = apps.get_model("diary", "CheckIn")
    impossible = check_in.objects.filter(
        Q(local_date__lt=EARLIEST_DAY) | Q(local_date__gt=latest.date())
    )
    for pk, owner_id, created_at, zone in impossible.values_list(
        "pk", "owner_id", "created_at", "owner__time_zone"
    ):
        local_day = created_at.astimezone(_zone(zone)).date()
        # A check-in is one a day: if that day already has one, this stays as it is.
        if not check_in.objects.filter(owner_id=owner_id, local_date=local_day).exists():
            check_in.objects.filter(pk=pk).update(local_date=local_day)


class Migration(migrations.Migration):
    dependencies = [("diary", "0012_import_jobs")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
