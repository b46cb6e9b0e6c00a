"""The diary's entries. Every row belongs to exactly one patient, and every read
goes through `EntryQuerySet.owned_by`, so someone else's entry is never found."""

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from diary.clinical import patient_day_of
from diary.daily.schedules import sane_hours_apart, valid_dose_times
from diary.models.catalogues import BodyArea, MedicationClass, Technique, Trigger
from diary.validators import (
    MAX_NOTE_LENGTH,
    format_dose,
    not_in_the_future,
    note_validators,
    sane_amount,
    sane_day,
    sane_moment,
    sleep_hours_range,
    storable_text,
    technique_minutes_range,
    water_glasses_range,
    within_a_day,
    zero_to_ten,
)

# Every moment a patient gives: from 1900, and not in the future. The day is checked
# on the value's own numbers first, so no zone arithmetic meets year 1 or 9999.
moment_validators = [sane_moment, not_in_the_future]


class EntryQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The only way diary rows are read for a person: their own, nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def between(self, first_day, last_day):
        return self.filter(local_date__gte=first_day, local_date__lte=last_day)


class Entry(models.Model):
    # No index of the owner alone: every kind has (owner, day), (owner, time) and
    # (owner, created) indexes, and an owner-only index let PostgreSQL read a heavy
    # patient's whole diary for a week's rows (diary/migrations/0019).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("patient"),
        on_delete=models.CASCADE,
        db_index=False,
    )
    # The patient's own calendar day, fixed when the entry is made, so a day's
    # totals never shift when a time zone or daylight saving time changes.
    local_date = models.DateField(_("day"), db_index=True, validators=[sane_day])
    # The id of the form that created the row: a double-click or a retried POST
    # carries the same token and finds the row instead of making a second one.
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    # Name of the aware datetime field that says when the entry happened.
    moment_field = "created_at"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_local_date()
        super().save(*args, **kwargs)

    @property
    def moment(self):
        return getattr(self, self.moment_field)

    def fill_local_date(self):
        if self.local_date is None and self.moment is not None:
            self.local_date = patient_day_of(self.moment, self.owner)


def _token_constraint(name):
    return models.UniqueConstraint(
        fields=["owner", "client_token"], name=name, condition=models.Q(client_token__isnull=False)
    )


class Spasm(Entry):
    class Kind(models.TextChoices):
        CRAMP = "cramp", _("Cramp")
        TWITCH = "twitch", _("Twitch")
        TIGHTNESS = "tightness", _("Tightness that won't let go")
        KNOT = "knot", _("Knot")

    class Activity(models.TextChoices):
        REST = "rest", _("Resting")
        ACTIVE = "active", _("Moving or active")
        ASLEEP = "asleep", _("Asleep")

    started_at = models.DateTimeField(
        _("when it started"), default=timezone.now, validators=moment_validators
    )
    duration_seconds = models.PositiveIntegerField(
        _("how long it lasted (seconds)"), null=True, blank=True, validators=[within_a_day]
    )
    intensity = models.PositiveSmallIntegerField(_("how bad (0–10)"), validators=zero_to_ten)
    kind = models.CharField(_("what it felt like"), max_length=12, choices=Kind.choices, blank=True)
    activity = models.CharField(
        _("what you were doing"), max_length=8, choices=Activity.choices, blank=True
    )
    body_areas = models.ManyToManyField(BodyArea, verbose_name=_("where"), blank=True)
    triggers = models.ManyToManyField(Trigger, verbose_name=_("triggers"), blank=True)
    note = models.TextField(
        _("note"), max_length=MAX_NOTE_LENGTH, blank=True, validators=note_validators
    )

    moment_field = "started_at"

    class Meta:
        verbose_name = _("spasm")
        verbose_name_plural = _("spasms")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["owner", "-started_at"], name="spasm_owner_time"),
            # A patient's days: insights, reports, the dashboard. Intensity and the
            # moment ride along so the per-day figures are read from the index alone.
            models.Index(
                fields=["owner", "local_date", "intensity", "started_at"], name="spasm_owner_day"
            ),
            # The clinician's list: when each patient last wrote anything.
            models.Index(fields=["owner", "created_at"], name="spasm_owner_created"),
        ]
        constraints = [_token_constraint("spasm_unique_client_token")]

    def __str__(self):
        return _("Spasm, %(intensity)s/10") % {"intensity": self.intensity}

    @property
    def duration_minutes(self):
        if self.duration_seconds is None:
            return None
        return round(self.duration_seconds / 60, 1)


class Medication(models.Model):
    """A medicine or supplement on the patient's own list."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("patient"), on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=100, validators=[storable_text])
    medication_class = models.ForeignKey(
        MedicationClass,
        verbose_name=_("kind of medicine"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    usual_amount = models.DecimalField(
        _("usual amount"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[sane_amount],
    )
    usual_unit = models.CharField(_("unit"), max_length=10, blank=True, validators=[storable_text])
    is_current = models.BooleanField(_("I take this now"), default=True)
    # The schedule (diary.daily.schedules): fixed times of day as sorted "HH:MM"
    # strings in the patient's own time, or "as needed, at least N hours apart", or
    # neither. A reminder (diary.reminders.doses) names the medicine by
    # `reminder_label` when the patient chose one, so a lock screen shows no medicine.
    dose_times = models.JSONField(
        _("times to take it"), default=list, blank=True, validators=[valid_dose_times]
    )
    min_hours_apart = models.DecimalField(
        _("at least this many hours apart"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[sane_hours_apart],
    )
    remind = models.BooleanField(_("remind me when a dose is due"), default=False)
    reminder_label = models.CharField(
        _("name in reminders"), max_length=60, blank=True, validators=[storable_text]
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("medication")
        verbose_name_plural = _("medications")
        ordering = ["-is_current", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="medication_unique_name")
        ]

    def __str__(self):
        return self.name

    @property
    def usual_dose(self):
        return format_dose(self.usual_amount, self.usual_unit)

    usual_dose.fget.short_description = _("usual dose")  # the admin's column heading

    @property
    def label_in_reminders(self):
        """What a reminder calls this medicine: the patient's own label, else its name."""
        return self.reminder_label or self.name


class Dose(Entry):
    medication = models.ForeignKey(
        Medication, verbose_name=_("medicine"), on_delete=models.CASCADE, related_name="doses"
    )
    taken_at = models.DateTimeField(
        _("when you took it"), default=timezone.now, validators=moment_validators
    )
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=3, validators=[sane_amount]
    )
    unit = models.CharField(_("unit"), max_length=10, blank=True, validators=[storable_text])
    note = models.TextField(
        _("note"), max_length=MAX_NOTE_LENGTH, blank=True, validators=note_validators
    )

    moment_field = "taken_at"

    class Meta:
        verbose_name = _("dose")
        verbose_name_plural = _("doses")
        ordering = ["-taken_at"]
        indexes = [
            models.Index(fields=["owner", "-taken_at"], name="dose_owner_time"),
            models.Index(fields=["owner", "local_date"], name="dose_owner_day"),
            models.Index(fields=["owner", "created_at"], name="dose_owner_created"),
        ]
        constraints = [_token_constraint("dose_unique_client_token")]

    def __str__(self):
        return f"{self.medication} {self.dose}"

    @property
    def dose(self):
        return format_dose(self.amount, self.unit)

    dose.fget.short_description = _("dose")  # the admin's column heading


class TechniqueSession(Entry):
    class Helped(models.IntegerChoices):
        NOT_AT_ALL = 0, _("Not at all")
        A_LITTLE = 1, _("A little")
        A_LOT = 2, _("A lot")

    # RESTRICT, not PROTECT: a used technique cannot be deleted on its own, yet a
    # patient deleting their account takes their own techniques with their sessions.
    technique = models.ForeignKey(Technique, verbose_name=_("technique"), on_delete=models.RESTRICT)
    started_at = models.DateTimeField(_("when"), default=timezone.now, validators=moment_validators)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), null=True, blank=True, validators=[technique_minutes_range]
    )
    intensity_before = models.PositiveSmallIntegerField(
        _("spasm before (0–10)"), null=True, blank=True, validators=zero_to_ten
    )
    intensity_after = models.PositiveSmallIntegerField(
        _("spasm after (0–10)"), null=True, blank=True, validators=zero_to_ten
    )
    helped = models.PositiveSmallIntegerField(
        _("did it help?"), choices=Helped.choices, null=True, blank=True
    )
    note = models.TextField(
        _("note"), max_length=MAX_NOTE_LENGTH, blank=True, validators=note_validators
    )

    moment_field = "started_at"

    class Meta:
        verbose_name = _("technique session")
        verbose_name_plural = _("technique sessions")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["owner", "-started_at"], name="session_owner_time"),
            models.Index(fields=["owner", "local_date"], name="session_owner_day"),
            models.Index(fields=["owner", "created_at"], name="session_owner_created"),
        ]
        constraints = [_token_constraint("session_unique_client_token")]

    def __str__(self):
        return str(self.technique)

    @property
    def intensity_drop(self):
        if self.intensity_before is None or self.intensity_after is None:
            return None
        return self.intensity_before - self.intensity_after


class CheckIn(Entry):
    """How the day went: one per patient per day of their own calendar."""

    sleep_hours = models.DecimalField(
        _("hours slept"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[sleep_hours_range],
    )
    sleep_quality = models.PositiveSmallIntegerField(
        _("sleep quality (0 = awful, 10 = great)"), null=True, blank=True, validators=zero_to_ten
    )
    stress = models.PositiveSmallIntegerField(
        _("stress (0 = calm, 10 = worst)"), null=True, blank=True, validators=zero_to_ten
    )
    fatigue = models.PositiveSmallIntegerField(
        _("tiredness (0 = none, 10 = exhausted)"), null=True, blank=True, validators=zero_to_ten
    )
    overall_pain = models.PositiveSmallIntegerField(
        _("pain overall (0 = none, 10 = worst)"), null=True, blank=True, validators=zero_to_ten
    )
    mood = models.PositiveSmallIntegerField(
        _("mood (0 = very low, 10 = very good)"), null=True, blank=True, validators=zero_to_ten
    )
    water_glasses = models.PositiveSmallIntegerField(
        _("glasses of water"), null=True, blank=True, validators=[water_glasses_range]
    )
    note = models.TextField(
        _("note"), max_length=MAX_NOTE_LENGTH, blank=True, validators=note_validators
    )

    class Meta:
        verbose_name = _("daily check-in")
        verbose_name_plural = _("daily check-ins")
        ordering = ["-local_date"]
        indexes = [models.Index(fields=["owner", "created_at"], name="checkin_owner_created")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "local_date"], name="one_check_in_a_day")
        ]

    def __str__(self):
        return _("Check-in for %(day)s") % {"day": formats.date_format(self.local_date)}


class SpasmTimer(models.Model):
    """A spasm being timed: started with one tap, stopped with another.

    Kept in the database so it survives a reload, a closed tab or a switch of
    device; the next spasm logged takes its start time and duration.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spasm_timer"
    )
    started_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    def __str__(self):
        return f"Spasm timer from {self.started_at:%H:%M}"

    @property
    def is_running(self):
        return self.stopped_at is None

    @property
    def duration_seconds(self):
        end = self.stopped_at or timezone.now()
        return max(0, min(int((end - self.started_at).total_seconds()), 24 * 60 * 60))
