"""Medicine schedules: when the next dose is, and whether a new dose repeats one just logged.

A medicine has fixed times of day ("08:00, 20:00", the patient's own clock), or may be
taken "as needed, at least N hours apart", or has no schedule. Every rule about doses
and their times is here, once: the dashboard's "Next: 20:00", the reminder that a
scheduled dose is due (diary.reminders.doses) and the "log another?" question all read
these functions. Times are turned into moments on the patient's own calendar days
(diary.clinical), so a daylight saving change moves nothing: 08:00 stays 08:00.

No model is imported at module level: diary.models uses the validators below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.clinical import patient_day_of

# At most this many fixed times a day.
MOST_TIMES_A_DAY = 8
# "As needed": the gap, in hours, from half an hour to three days.
FEWEST_HOURS_APART = Decimal("0.5")
MOST_HOURS_APART = Decimal("72")
# A dose logged this close to a scheduled time (before or after) is that time's dose.
COVERS = timedelta(minutes=60)
# A second dose of one medicine this soon after the first asks before it is saved.
REPEAT_WITHIN = timedelta(minutes=10)

TIMES_MESSAGE = _("Write times like 08:00, 20:00.")
TOO_MANY_TIMES_MESSAGE = _("At most %(most)d times a day.") % {"most": MOST_TIMES_A_DAY}
HOURS_APART_MESSAGE = _("Write the hours as a number from 0.5 to 72, like 4 or 6.")

_TIME = re.compile(r"\A([01]?\d|2[0-3])[:.h]([0-5]\d)\Z")
_SEPARATORS = re.compile(r"[,;\s]+")


# --- the schedule as typed and as stored ---------------------------------------------------


def parse_dose_times(text: str) -> list[str]:
    """ "8:00, 20.00 08:00" -> ["08:00", "20:00"]: sorted, each once. Raises ValidationError."""
    times = set()
    for part in _SEPARATORS.split(text.strip()):
        if not part:
            continue
        match = _TIME.match(part)
        if match is None:
            raise ValidationError(TIMES_MESSAGE, code="invalid_time")
        times.add(f"{int(match[1]):02d}:{match[2]}")
    if len(times) > MOST_TIMES_A_DAY:
        raise ValidationError(TOO_MANY_TIMES_MESSAGE, code="too_many_times")
    return sorted(times)


def dose_times_text(times) -> str:
    """The stored list as the patient reads and types it: "08:00, 20:00"."""
    return ", ".join(times or ())


def valid_dose_times(value):
    """The model's check on the stored list: "HH:MM" strings, sorted, each once, at most 8."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(TIMES_MESSAGE, code="invalid_time")
    if parse_dose_times(" ".join(value)) != value:
        raise ValidationError(TIMES_MESSAGE, code="invalid_time")


def sane_hours_apart(value):
    if value is None:
        return
    try:
        hours = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(HOURS_APART_MESSAGE, code="invalid_hours") from None
    if not FEWEST_HOURS_APART <= hours <= MOST_HOURS_APART:
        raise ValidationError(HOURS_APART_MESSAGE, code="invalid_hours")


def gap_of(medication) -> timedelta | None:
    """The least time between two doses of an "as needed" medicine, or None."""
    if medication.min_hours_apart is None:
        return None
    return timedelta(hours=float(medication.min_hours_apart))


# --- scheduled moments ---------------------------------------------------------------------


def scheduled_moments(medication, user, first_day: date, last_day: date) -> list[datetime]:
    """Each fixed time of the medicine on each of the patient's days, as aware moments.

    A time that a daylight saving change skips (01:30 on the night clocks go forward)
    is the same moment as the hour after; a time that comes twice is its first."""
    moments = []
    day = first_day
    while day <= last_day:
        for text in medication.dose_times or ():
            hours, minutes = (int(part) for part in text.split(":"))
            local = datetime.combine(day, time(hours, minutes), tzinfo=user.zone)
            moments.append(local.astimezone(UTC))
        day += timedelta(days=1)
    return sorted(moments)


def _around(user, now: datetime) -> tuple[date, date]:
    today = patient_day_of(now, user)
    return today - timedelta(days=1), today + timedelta(days=1)


def covered_moments(slots: list[datetime], doses: list[datetime]) -> set[datetime]:
    """The scheduled moments a logged dose covers: each dose covers the one nearest to
    it, when that is within COVERS. Two times an hour apart are never both covered by
    one dose."""
    covered = set()
    for taken_at in doses:
        if not slots:
            break
        nearest = min(slots, key=lambda slot: abs(slot - taken_at))
        if abs(nearest - taken_at) <= COVERS:
            covered.add(nearest)
    return covered


@dataclass(frozen=True)
class NextDose:
    """ "at": the next scheduled time (due when it has come); "from": an as-needed
    medicine may be taken again from this moment."""

    kind: str
    at: datetime
    due: bool = False


def next_dose(medication, now: datetime, doses, user) -> NextDose | None:
    """The medicine's next dose for the patient `user`, seen at `now`.

    `doses` are the moments this medicine was taken lately (at least the last 26 hours,
    and its gap): a fixed time not covered by one of them is the next, until COVERS
    after it; an as-needed medicine may be taken again at its last dose plus its gap.
    None for a medicine without a schedule, or one that may be taken now."""
    taken = sorted(moment for moment in doses if moment <= now)
    if medication.dose_times:
        first, last = _around(user, now)
        slots = scheduled_moments(medication, user, first, last)
        covered = covered_moments(slots, taken)
        for slot in slots:
            if slot + COVERS > now and slot not in covered:
                return NextDose("at", slot, due=slot <= now)
        return None
    gap = gap_of(medication)
    if gap is not None and taken and taken[-1] + gap > now:
        return NextDose("from", taken[-1] + gap)
    return None


def due_moments(medication, user, now: datetime, doses, late: timedelta) -> list[datetime]:
    """The scheduled moments of the medicine that have come, at most `late` ago, and
    that no logged dose covers: the doses a reminder is for."""
    first, last = _around(user, now)
    slots = scheduled_moments(medication, user, first, last)
    covered = covered_moments(slots, sorted(moment for moment in doses if moment <= now))
    return [slot for slot in slots if slot <= now < slot + late and slot not in covered]


def recent_window(medications) -> timedelta:
    """How far back the doses that decide every medicine's next dose reach."""
    gaps = [gap for gap in map(gap_of, medications) if gap is not None]
    return max([timedelta(hours=50), *gaps]) + COVERS


def recent_doses(user, medications, now: datetime | None = None) -> dict[int, list[datetime]]:
    """The moments each medicine was taken lately, in one query: {medication id: [...]}."""
    from diary.models import Dose

    now = now or timezone.now()
    medications = list(medications)
    found = {medication.pk: [] for medication in medications}
    if not medications:
        return found
    rows = (
        Dose.objects.owned_by(user)
        .filter(medication__in=medications, taken_at__gte=now - recent_window(medications))
        .values_list("medication_id", "taken_at")
        .order_by("taken_at")
    )
    for medication_id, taken_at in rows:
        found[medication_id].append(taken_at)
    return found


def next_doses(user, medications, now: datetime | None = None) -> dict[int, NextDose | None]:
    """Every medicine's next dose, read with one query: {medication id: NextDose or None}."""
    now = now or timezone.now()
    medications = list(medications)
    doses = recent_doses(user, medications, now)
    return {
        medication.pk: next_dose(medication, now, doses[medication.pk], user)
        for medication in medications
    }


# --- a dose that repeats one just logged -----------------------------------------------------


def repeat_window(medication) -> timedelta:
    return max(REPEAT_WITHIN, gap_of(medication) or timedelta(0))


def dose_it_repeats(owner, medication, moment: datetime, exclude_pk=None):
    """The logged dose of this medicine that a new dose at `moment` would repeat, or None:
    the nearest one within REPEAT_WITHIN of it, or within the medicine's gap."""
    from diary.models import Dose

    window = repeat_window(medication)
    near = Dose.objects.owned_by(owner).filter(
        medication=medication, taken_at__gte=moment - window, taken_at__lte=moment + window
    )
    if exclude_pk is not None:
        near = near.exclude(pk=exclude_pk)
    return min(near, key=lambda dose: abs(dose.taken_at - moment), default=None)
