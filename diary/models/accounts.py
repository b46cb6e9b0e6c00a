import datetime
import functools
import secrets
import zoneinfo

import babel
from babel.dates import get_timezone_location
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Replace, Upper
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# The regions of the IANA names a person would pick from, in the order offered. Other
# names (Etc/GMT+1, Factory, localtime, US/Eastern, GB and the like) are not places, or
# are old spellings of a zone offered here under its place.
TIME_ZONE_REGIONS = {
    "Europe": _("Europe"),
    "Arctic": _("Europe"),
    "America": _("Americas"),
    "Asia": _("Asia"),
    "Africa": _("Africa"),
    "Australia": _("Australia and Pacific"),
    "Pacific": _("Australia and Pacific"),
    "Atlantic": _("Atlantic Ocean"),
    "Indian": _("Indian Ocean"),
    "Antarctica": _("Antarctica"),
}
# Old Australian names for a state or a direction, not a place.
NOT_PLACES = {"Australia/North", "Australia/South", "Australia/West"}


def time_zone_label(name):
    """A readable label that still shows the stable name: "London (Europe/London)",
    "Londres (Europe/London)" to a Spanish reader."""
    if "/" not in name:
        return name
    return _time_zone_label(name, translation.get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=4096)
def _time_zone_label(name, language):
    # The place in the reader's language, from the Unicode CLDR data Babel ships.
    try:
        place = get_timezone_location(
            name, locale=translation.to_locale(language), return_city=True
        )
    except (LookupError, ValueError, babel.UnknownLocaleError):
        place = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{place} ({name})"


def is_place_zone(name):
    region, _slash, place = name.partition("/")
    return (
        region in TIME_ZONE_REGIONS
        and place != ""
        and not place.isupper()  # Australia/ACT, Australia/NSW
        and name not in NOT_PLACES
    )


def time_zone_choices():
    """The time zones people pick from, grouped by region, each group in the order of
    its places. The stored value is the IANA name."""
    groups = {}
    for name in zoneinfo.available_timezones():
        if is_place_zone(name):
            region = TIME_ZONE_REGIONS[name.split("/", 1)[0]]
            groups.setdefault(str(region), []).append((name, time_zone_label(name)))
    ordered = dict.fromkeys(str(region) for region in TIME_ZONE_REGIONS.values())
    return [
        (region, sorted(groups[region], key=lambda choice: choice[1].casefold()))
        for region in ordered
        if region in groups
    ]


def default_time_zone():
    return settings.TIME_ZONE


class User(AbstractUser):
    """A person with an account: a patient, a clinician (staff) or the host.

    The time zone lives on the user so "today" and "this night" are the patient's
    own days without another query on every request.
    """

    # A code of settings.LANGUAGES (no choices here, so adding a language needs no
    # migration); blank: the browser's. Set at sign-up, on the profile and by the chooser.
    language = models.CharField(_("language"), max_length=12, blank=True, default="")
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        help_text=_("Days in your diary start and end at midnight in this time zone."),
    )
    # The opt-in daily check-in reminder (see diary.reminders): the time is the
    # patient's own local time; the date is their local day it was last sent for,
    # so a reminder never goes twice for one day.
    reminder_enabled = models.BooleanField(_("send me a daily check-in reminder"), default=False)
    reminder_time = models.TimeField(_("reminder time"), default=datetime.time(20, 0))
    reminder_last_sent_on = models.DateField(_("reminder last sent for"), null=True, blank=True)
    # How reminders reach the patient (check-in and doses, diary.reminders): on their
    # devices by push, falling back to email when none is set up; or by email only.
    # Quiet hours, in their own time: a reminder due then waits until they end.
    reminder_channel = models.CharField(
        _("send reminders"),
        max_length=8,
        choices=[
            ("push", _("To my phone or computer (push), or by email if none is set up")),
            ("email", _("By email")),
        ],
        default="push",
    )
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)
    # One calm line after a log that may need more than self-care (diary.daily.safety).
    safety_lines_enabled = models.BooleanField(
        _("after a log that may need help, show where to get it"), default=True
    )
    # How a patient appears to the clinicians they share with (see
    # diary.care.sharing.display_name); blank: their full name, else their username.
    shown_name = models.CharField(
        _("name shown to clinicians"),
        max_length=150,
        blank=True,
        help_text=_("For example: Sam Lee. Left empty, clinicians see your username."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # A clinician who opts in is offered to patients on the sharing page.
    listed_for_patients = models.BooleanField(_("list me for patients to choose"), default=False)
    practice = models.CharField(
        _("practice"),
        max_length=200,
        blank=True,
        help_text=_("Where patients know you from, for example: Riverside Pain Clinic."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)


def zone_named(name) -> zoneinfo.ZoneInfo:
    """The time zone stored on a user; the server's when the name is not a zone."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


# Invitation codes are read off a printed sheet and typed by hand, so they leave out
# the characters one can take for another: 0/O, 1/I/L, 5/S, 2/Z, 8/B.
INVITATION_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
INVITATION_GROUPS = 2
INVITATION_GROUP_SIZE = 4


def new_invitation_code():
    """A code like KQ7M-4TXP: two groups of four characters that cannot be misread."""
    groups = (
        "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(INVITATION_GROUP_SIZE))
        for _ in range(INVITATION_GROUPS)
    )
    return "-".join(groups)


def normalise_invitation_code(text):
    """The code as compared: capitals, without dashes or spaces, however it was typed.

    Older codes (mixed case, made before the grouped ones) compare the same way.
    """
    return "".join(text.split()).replace("-", "").upper()


class InvitationQuerySet(models.QuerySet):
    def with_code(self, typed):
        """The invitations whose code is `typed`, in any case, with or without dashes."""
        stored = Upper(Replace(models.F("code"), models.Value("-"), models.Value("")))
        return self.alias(normalised_code=stored).filter(
            normalised_code=normalise_invitation_code(typed)
        )

    def usable(self):
        now = timezone.now()
        return self.filter(used_by__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Invitation(models.Model):
    """A one-time code the host gives a new member when sign-up is invite-only."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_invitation_code)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Who it is for (only you see this)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    used_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.code

    def mark_used(self, user):
        self.used_by = user
        self.used_at = timezone.now()
        self.save(update_fields=["used_by", "used_at"])
