"""One number per diary that every write to it raises (diary.diary_version)."""

from django.conf import settings
from django.db import models


class DiaryVersion(models.Model):
    """The version of one patient's diary: cached figures are keyed by it, so a write
    (which raises it in the same transaction) makes every figure computed before it
    unreachable at once."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="diary_version",
    )
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.owner_id}: {self.version}"
