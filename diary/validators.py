"""Domain rules shared by models and forms, with messages a tired person understands."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Phones and laptops disagree about the time by a little; allow that much "future".
CLOCK_SKEW = timedelta(minutes=5)
MAX_DURATION_SECONDS = 24 * 60 * 60
MAX_NOTE_LENGTH = 2000

ZERO_TO_TEN_MESSAGE = _("Choose a number from 0 to 10.")
zero_to_ten = [
    MinValueValidator(0, message=ZERO_TO_TEN_MESSAGE),
    MaxValueValidator(10, message=ZERO_TO_TEN_MESSAGE),
]


def not_in_the_future(value):
    if value and value > timezone.now() + CLOCK_SKEW:
        raise ValidationError(_("This time is in the future. Use the time it happened."))


# No diary day is older; a day like 0001-01-01 would only overflow date arithmetic.
EARLIEST_DAY = date(1900, 1, 1)
# The first zones to reach a new day are 14 hours ahead of UTC: no patient's
# "tomorrow" is later than two days after UTC's today.
LATEST_ZONE_AHEAD = timedelta(hours=14)
SANE_DAYS_MESSAGE = _("Choose a day from 1 January 1900 to tomorrow.")


def not_before_1900(value):
    if value and value < EARLIEST_DAY:
        raise ValidationError(_("Choose a day from 1900 on."))


def latest_sane_day(zone=None):
    """Tomorrow in `zone`, or, with no zone, tomorrow in the zone furthest ahead."""
    if zone is None:
        return (timezone.now() + LATEST_ZONE_AHEAD).date() + timedelta(days=1)
    return timezone.localdate(timezone=zone) + timedelta(days=1)


def check_sane_day(day, zone=None):
    """Refuse a day before 1900 or after tomorrow, looking only at its calendar
    numbers: no time-zone arithmetic, so year 1 and year 9999 cannot overflow."""
    if day is not None and not EARLIEST_DAY <= day <= latest_sane_day(zone):
        raise ValidationError(SANE_DAYS_MESSAGE, code="out_of_range")


def sane_day(value):
    """A model field's day (the patient's own calendar day): 1900 to tomorrow anywhere."""
    check_sane_day(value)


def sane_moment(value):
    """A model field's moment: its own wall-clock day from 1900 to tomorrow anywhere.

    Read from the value's own numbers, never converted to another zone first: an
    imported `0001-01-01T00:00+14:00` is refused here instead of overflowing later.
    """
    if isinstance(value, datetime):
        check_sane_day(value.date())


# Text a database stores: PostgreSQL refuses NUL in text, and a lone surrogate (half of
# a UTF-16 pair, which JSON can spell as \ud800) cannot be written as UTF-8 at all.
_FORBIDDEN_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")
FORBIDDEN_CHARACTERS_MESSAGE = _(
    "This text has a hidden character we cannot store (like a NUL). Retype it, or paste it "
    "as plain text."
)


def has_forbidden_characters(text):
    return isinstance(text, str) and _FORBIDDEN_CHARACTERS.search(text) is not None


def storable_text(value):
    if has_forbidden_characters(value):
        raise ValidationError(FORBIDDEN_CHARACTERS_MESSAGE, code="forbidden_character")


# A note: the form's limit, checked by the model too (Django does not check a
# TextField's max_length itself), so an import cannot store a megabyte.
note_validators = [storable_text, MaxLengthValidator(MAX_NOTE_LENGTH)]


@deconstructible
class NumberRange:
    """A number from `low` to `high`, with one message for both ends."""

    def __init__(self, low, high, message):
        self.low, self.high, self.message = low, high, message

    def __call__(self, value):
        if value is not None and not self.low <= value <= self.high:
            raise ValidationError(self.message, code="out_of_range")

    def __eq__(self, other):
        return isinstance(other, NumberRange) and (self.low, self.high, self.message) == (
            other.low,
            other.high,
            other.message,
        )


MAX_TECHNIQUE_MINUTES = 600
MAX_WATER_GLASSES = 40
MAX_SLEEP_HOURS = 24
technique_minutes_range = NumberRange(
    0, MAX_TECHNIQUE_MINUTES, _("Minutes must be between 0 and 600.")
)
water_glasses_range = NumberRange(
    0, MAX_WATER_GLASSES, _("Glasses of water must be between 0 and 40.")
)
sleep_hours_range = NumberRange(0, MAX_SLEEP_HOURS, _("Hours slept must be between 0 and 24."))
AMOUNT_MESSAGE = _("The amount must be more than 0 and less than 100000.")


def sane_amount(value):
    if value is not None and not Decimal("0") < value < Decimal("100000"):
        raise ValidationError(AMOUNT_MESSAGE, code="out_of_range")


# Ids and slugs read from a query string (?saved=12, ?area=neck): anything else is
# treated as not given, before it reaches the database.
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"\A[0-9]{1,10}\Z")
_SLUG = re.compile(r"\A[-a-zA-Z0-9_]{1,100}\Z")
_ISO_DAY = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def id_from_query(raw):
    """'12' -> 12; None for anything that is not a plain id a row could have."""
    if not isinstance(raw, str) or not _ASCII_DIGITS.match(raw):
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ID else None


def date_from_query(raw):
    """'2026-11-30' -> that day; None for anything that is not a real day written so."""
    if not isinstance(raw, str) or not _ISO_DAY.match(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def slug_from_query(raw):
    """'neck' -> 'neck'; '' for anything that is not a slug a catalogue could hold."""
    return raw if isinstance(raw, str) and _SLUG.match(raw) else ""


def within_a_day(seconds):
    if seconds is not None and not 0 <= seconds <= MAX_DURATION_SECONDS:
        raise ValidationError(_("How long it lasted must be between 0 minutes and 24 hours."))


DOSE_UNITS = {
    "mg": "mg",
    "g": "g",
    "mcg": "mcg",
    "µg": "mcg",
    "ug": "mcg",
    "ml": "ml",
    "iu": "IU",
    "tablet": "tablet",
    "tablets": "tablet",
    "tab": "tablet",
    "capsule": "capsule",
    "capsules": "capsule",
    "cap": "capsule",
    "drop": "drop",
    "drops": "drop",
    "puff": "puff",
    "puffs": "puff",
    "patch": "patch",
    "sachet": "sachet",
    "spoon": "spoon",
}
_DOSE_PATTERN = re.compile(r"^\s*(\d+(?:[.,]\d+)?|\d*[.,]\d+)\s*([a-zA-Zµ]*)\s*$")
DOSE_FORMAT_MESSAGE = _("Write the amount as a number and a unit, like 400 mg or 1 tablet.")


def parse_dose(text):
    """'400 mg' -> (Decimal('400'), 'mg'); '1,5 tablets' -> (Decimal('1.5'), 'tablet')."""
    match = _DOSE_PATTERN.match(text or "")
    if not match:
        raise ValidationError(DOSE_FORMAT_MESSAGE)
    number, unit = match.groups()
    try:
        amount = Decimal(number.replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(DOSE_FORMAT_MESSAGE) from error
    if unit and unit.lower() not in DOSE_UNITS:
        raise ValidationError(DOSE_FORMAT_MESSAGE)
    if not Decimal("0") < amount < Decimal("100000"):
        raise ValidationError(AMOUNT_MESSAGE)
    return amount, DOSE_UNITS.get(unit.lower(), "") if unit else ""


def format_dose(amount, unit):
    if amount is None:
        return ""
    number = f"{amount.normalize():f}"
    return f"{number} {unit}".strip()
