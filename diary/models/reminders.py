"""The reminders sent: one row for each (patient, kind, medicine, due moment).

The row is the claim. A worker inserts it before it sends, and the unique
constraints make a second insert for the same reminder fail, on SQLite and
PostgreSQL alike, so two workers (or a worker and a cron run) never send the same
reminder twice. A send that fails deletes its row, and the next round tries again.
The row names no medicine by text and holds nothing but when; it goes with the
account.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SentReminderQuerySet(models.QuerySet):
    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class SentReminder(models.Model):
    class Kind(models.TextChoices):
        CHECK_IN = "check_in", _("Check-in")
        DOSE = "dose", _("Dose")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        related_name="sent_reminders",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    medication = models.ForeignKey(
        "diary.Medication", null=True, blank=True, on_delete=models.CASCADE
    )
    due_at = models.DateTimeField()
    # Which worker claimed it, and when it went ("push" or "email"; empty while sending).
    claimed_by = models.CharField(max_length=100, blank=True)
    channel = models.CharField(max_length=8, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = SentReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            # NULLs are distinct in a plain unique constraint: one for each case.
            models.UniqueConstraint(
                fields=["owner", "kind", "medication", "due_at"],
                condition=Q(medication__isnull=False),
                name="one_reminder_per_dose",
            ),
            models.UniqueConstraint(
                fields=["owner", "kind", "due_at"],
                condition=Q(medication__isnull=True),
                name="one_reminder_per_moment",
            ),
        ]

    def __str__(self):
        return f"{self.kind} reminder due {self.due_at:%Y-%m-%d %H:%M}"
