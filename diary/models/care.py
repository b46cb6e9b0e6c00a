"""Sharing a diary with a clinician, and what the clinician does with it.

A patient grants one clinician access (a `CareShare`) and can revoke it; while it
is active the clinician reads the diary in the admin, and every look is written to
the `AccessLog` the patient can read. The clinician can mark a period as reviewed
(`ReviewMark`) and leave notes (`ClinicianNote`), some of them as feedback the
patient sees and can answer (`NoteReply`). Which patients a clinician may see is
decided in one place: `diary.care.sharing.patients_visible_to`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.models.accounts import User


class CareShareQuerySet(models.QuerySet):
    def active(self):
        """Shares that open the diary right now: not revoked, not past their end."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class CareShare(models.Model):
    """A patient lets one clinician read their diary, until revoked or until a date."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        related_name="care_shares",
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clinician"),
        on_delete=models.CASCADE,
        related_name="shared_with_me",
    )
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)
    expires_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Access stops by itself at this time.")
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CareShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("care share")
        verbose_name_plural = _("care shares")
        ordering = ["-created_at"]
        constraints = [
            # At most one open share per pair: granting again changes its end date.
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_open_share_per_clinician",
            ),
            models.CheckConstraint(
                condition=~models.Q(patient=models.F("clinician")),
                name="no_sharing_with_yourself",
            ),
        ]

    def __str__(self):
        return f"{self.patient} → {self.clinician}"

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class AccessLog(models.Model):
    """One look at a patient's diary by a clinician (or the host): who, when, what."""

    class Action(models.TextChoices):
        SUMMARY = "summary", _("Opened your summary")
        LIST = "list", _("Looked at a list of your entries")
        ENTRY = "entry", _("Opened one of your entries")
        EXPORT = "export", _("Downloaded your entries as a CSV file")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        related_name="access_log",
    )
    # Kept (as a name) when the clinician's account is deleted: the patient's record
    # of who looked must outlive the account that looked.
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clinician_name = models.CharField(_("who (name)"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    # What was opened, as a key and its values ("entry|spasm|2026-11-30", see
    # AccessDetail), never as words: each reader sees it in their own language.
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["patient", "-at"], name="access_patient_time")]

    def __str__(self):
        return f"{self.clinician_name}: {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"

    def detail_text(self) -> str:
        """What was opened, in the reader's language."""
        return AccessDetail.text(self.detail)


class AccessDetail:
    """The detail of an access log entry, stored as stable keys and values and put into
    words only when shown (in the language of whoever reads the log)."""

    SEPARATOR = "|"

    @classmethod
    def period(cls, days: int) -> str:
        return cls._join("days", days)

    @classmethod
    def entry_list(cls, model_name: str) -> str:
        return cls._join("list", model_name)

    @classmethod
    def entry(cls, model_name: str, day: datetime.date) -> str:
        return cls._join("entry", model_name, day.isoformat())

    @classmethod
    def export(cls, model_name: str) -> str:
        return cls._join("export", model_name)

    @classmethod
    def medicine(cls, name: str) -> str:
        return cls._join("medicine", name)

    @classmethod
    def report(cls, first: datetime.date, last: datetime.date) -> str:
        return cls._join("report", first.isoformat(), last.isoformat())

    @classmethod
    def _join(cls, *parts) -> str:
        return cls.SEPARATOR.join(str(part) for part in parts)

    @classmethod
    def text(cls, detail: str) -> str:
        kind, _separator, rest = detail.partition(cls.SEPARATOR)
        # A medicine's name is the patient's own words, which may hold the separator.
        values = [rest] if kind == "medicine" else rest.split(cls.SEPARATOR)
        try:
            words = cls._words(kind, values)
        except (LookupError, ValueError):
            words = None
        # A detail written before details were keys is shown as it was written.
        return detail if words is None else str(words)

    @staticmethod
    def _words(kind, values):
        from django.apps import apps
        from django.utils.formats import date_format
        from django.utils.text import capfirst
        from django.utils.translation import gettext, ngettext

        def day(value):
            return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")

        def entries(model_name):
            return apps.get_model("diary", model_name)._meta.verbose_name_plural

        if kind == "days":
            days = int(values[0])
            return ngettext("the last %(days)s day", "the last %(days)s days", days) % {
                "days": days
            }
        if kind == "list":
            return entries(values[0])
        if kind == "entry":
            kind_name = apps.get_model("diary", values[0])._meta.verbose_name
            return gettext("%(kind)s from %(day)s") % {
                "kind": capfirst(kind_name),
                "day": day(values[1]),
            }
        if kind == "export":
            return gettext("%(entries)s, as a CSV file") % {"entries": entries(values[0])}
        if kind == "medicine":
            return gettext("Medicine: %(name)s") % {"name": values[0]}
        if kind == "report":
            return gettext("Appointment report, %(first)s to %(last)s") % {
                "first": day(values[0]),
                "last": day(values[1]),
            }
        return None


class ReviewMark(models.Model):
    """A clinician has read a patient's diary up to and including a day."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clinician"),
        on_delete=models.CASCADE,
        related_name="review_marks",
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)
    period_end = models.DateField(_("reviewed up to"))

    class Meta:
        verbose_name = _("review mark")
        verbose_name_plural = _("review marks")
        ordering = ["-reviewed_at"]
        indexes = [
            models.Index(fields=["clinician", "patient", "-period_end"], name="review_lookup")
        ]

    def __str__(self):
        return f"{self.patient} reviewed up to {self.period_end}"


class ClinicianNote(models.Model):
    """A clinician's note on a patient: private, or feedback the patient reads."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clinician"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="notes_written",
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        related_name="clinician_notes",
    )
    text = models.TextField(_("note"), max_length=4000)
    visible_to_patient = models.BooleanField(
        _("the patient can read this"),
        default=False,
        help_text=_("Ticked: shown on the patient's diary page as feedback."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("clinician note")
        verbose_name_plural = _("clinician notes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:60]


class NoteReply(models.Model):
    """A patient's answer to a note a clinician chose to show them.

    Its own row, not a field on the note: a patient may answer more than once, each
    answer keeps its own time, and the clinician's note stays as they wrote it. Only
    the patient and the note's clinician (on the summary) read it; it goes with the
    patient's account, through the note.
    """

    note = models.ForeignKey(
        ClinicianNote,
        verbose_name=_("note"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.CASCADE,
        related_name="note_replies",
    )
    text = models.TextField(_("reply"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply to a note")
        verbose_name_plural = _("replies to notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class SharedPatient(User):
    """A patient as a clinician sees them in the admin: the patients list."""

    class Meta:
        proxy = True
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
