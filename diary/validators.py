"""Domain rules shared by models and forms, with messages a tired person understands."""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
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


def not_before_1900(value):
    if value and value < EARLIEST_DAY:
        raise ValidationError(_("Choose a day from 1900 on."))


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
        raise ValidationError(_("The amount must be more than 0 and less than 100000."))
    return amount, DOSE_UNITS.get(unit.lower(), "") if unit else ""


def format_dose(amount, unit):
    if amount is None:
        return ""
    number = f"{amount.normalize():f}"
    return f"{number} {unit}".strip()
