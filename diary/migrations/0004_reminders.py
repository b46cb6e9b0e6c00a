import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0003_catalogue_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="reminder_enabled",
            field=models.BooleanField(
                default=False, verbose_name="send me a daily check-in reminder"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="reminder_time",
            field=models.TimeField(default=datetime.time(20, 0), verbose_name="reminder time"),
        ),
        migrations.AddField(
            model_name="user",
            name="reminder_last_sent_on",
            field=models.DateField(blank=True, null=True, verbose_name="reminder last sent for"),
        ),
    ]
