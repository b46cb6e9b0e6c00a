"""Numbers and lengths of time written the way people say them, in the reader's language.

One place for both, so every page, form and message agrees: "5" and "5.5" hours (never
"5.0"), "5,5" in German and Spanish; "45 s", "3 min", "1 h 5 min" (never "3 min 0 s").
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _


def rounded(value, decimals: int = 1) -> Decimal | None:
    """`value` rounded half up to at most `decimals` places, trailing zeros dropped:
    5.0 -> 5, 5.50 -> 5.5. None (or anything that is not a number) stays None."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1)) + 0  # + 0 turns -0 into 0
    return number.normalize()


def number(value, decimals: int = 1) -> str:
    """A number for reading, with at most `decimals` decimals and the reader's decimal
    mark: 6.0 -> "6", 6.54 -> "6.5" ("6,5" in German). Empty for no number."""
    shown = rounded(value, decimals)
    if shown is None:
        return ""
    places = max(0, -shown.as_tuple().exponent)
    return formats.number_format(shown, places)


def form_number(value, decimals: int = 1) -> str | None:
    """A number as a form's input holds it: "5", "5.5", always with a dot (what
    `<input type="number">` needs), or None for no number."""
    shown = rounded(value, decimals)
    return None if shown is None else str(shown)


def duration(seconds) -> str:
    """How long something lasted, as people say it: seconds only under a minute
    ("45 s"), else whole minutes ("3 min", not "3 min 0 s") and hours ("1 h 5 min",
    "2 h"). An empty value stays empty."""
    if seconds is None or seconds == "":
        return ""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return _("%(seconds)d s") % {"seconds": seconds}
    minutes = math.floor(seconds / 60 + 0.5)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": minutes}
    if not minutes:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
