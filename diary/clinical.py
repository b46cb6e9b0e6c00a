"""The clinical definitions every screen, export and flag reads: nothing else lives here.

One value for each rule. Where the screens used to disagree, the comment beside the
value says which one was kept and why. Change a rule here and the patient's pages,
the report, the clinician's summary and patients list, the flags and the exports all
follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- The 0-10 scale ----------------------------------------------------------------

# The usual cut points of a 0-10 numeric rating scale: 1-3 mild, 4-6 moderate,
# 7-10 severe (the flags once said 8; the bands, the admin filter and the guide said 7,
# which is the common clinical reading, so "severe" is 7 and up everywhere).
SEVERE = 7
MODERATE = 4
MILD = 1

# Stable keys (CSS classes, stored filters) and the words a patient reads.
BAND_WORDS = {
    "none": _("no pain"),
    "mild": _("mild"),
    "moderate": _("moderate"),
    "severe": _("severe"),
}
# Each band's whole points, both ends included.
BAND_RANGES = {"none": (0, 0), "mild": (MILD, MODERATE - 1), "moderate": (MODERATE, SEVERE - 1)}
BAND_RANGES["severe"] = (SEVERE, 10)


def intensity_point(value) -> int | None:
    """A 0-10 value (a mean may be 3.6) as the whole point it reads as, halves rounded up.

    One rule for every screen: 3.5 and 3.6 are 4 ("moderate"), 3.4 is 3 ("mild").
    Python's round() would send 2.5 to 2, so it is not used here.
    """
    if value is None or value == "":
        return None
    return min(10, max(0, math.floor(float(value) + 0.5)))


def intensity_band_key(value) -> str:
    """ "none", "mild", "moderate" or "severe" (a stable key); "" for no value."""
    point = intensity_point(value)
    if point is None:
        return ""
    for key, (low, high) in BAND_RANGES.items():
        if low <= point <= high:
            return key
    return ""


def intensity_band(value) -> str:
    """The words for a point on the 0-10 scale, so a number is never shown bare."""
    key = intensity_band_key(value)
    return str(BAND_WORDS[key]) if key else ""


def is_severe(value) -> bool:
    point = intensity_point(value)
    return point is not None and point >= SEVERE


# A log that may need more than self-care: the saved message adds one calm line
# pointing at this tier of the guide's "When to get help" (diary.daily.safety).
# A strong chest spasm can be a heart or lung problem: emergency (safety review A2).
# A strong belly spasm is worth a clinician's call today. The lowest mood points
# to the crisis line (A8).
SAFETY_AREA_TIERS = {"chest": "emergency", "abdomen": "today"}
SAFETY_TIER_ORDER = ("emergency", "crisis", "today")
LOWEST_MOOD = 0


def spasm_safety_tier(area_slugs, intensity) -> str | None:
    if not is_severe(intensity):
        return None
    tiers = {SAFETY_AREA_TIERS[slug] for slug in area_slugs if slug in SAFETY_AREA_TIERS}
    return next((tier for tier in SAFETY_TIER_ORDER if tier in tiers), None)


def check_in_safety_tier(mood) -> str | None:
    return "crisis" if mood is not None and mood <= LOWEST_MOOD else None


# A change of 2 points on the 0-10 scale is commonly treated as one a person can feel.
MEANINGFUL_CHANGE = 2

# --- What "helped" means -------------------------------------------------------------

# A technique session helped when the spasm eased by a meaningful change (2 points or
# more), or when the patient said it helped ("a little" or "a lot").
HELPED = Q(intensity_before__gte=F("intensity_after") + MEANINGFUL_CHANGE) | Q(helped__gte=1)
# "Mostly helped": at least this share of a technique's sessions helped.
MOSTLY_HELPED = 0.5

# --- Enough to say anything ------------------------------------------------------------

# Under this many sessions of a technique, it is too early to tell whether it helps.
MIN_SESSIONS = 3
# Fewer spasms than this and a time-of-day or day-of-week pattern is noise.
MIN_SPASMS_FOR_PATTERN = 5
# Each side of a comparison (e.g. short nights against longer ones) needs this many days.
MIN_DAYS_EACH_SIDE = 3
# Delayed effects (spasms 0, 1 or 2 days after a poor night, a stressful day or
# overdoing it) and medicines (4 weeks before and since, days with and without a dose)
# are read as "what sets me off, what helps": each side needs at least this many days
# before Unknot says anything ("Too few days to tell yet").
MIN_DAYS_TO_TELL = 5

# --- What the check-in and the triggers count as ------------------------------------------

# A short night: 4 hours of sleep or less (the check-in's "hours slept").
SHORT_SLEEP_HOURS = 4
# Poor sleep quality: 3 or less on the check-in's 0 (awful) to 10 (great) scale, the
# "mild" end of the scale turned round.
POOR_SLEEP_QUALITY = MODERATE - 1
# High stress: 7 or more on the check-in's 0-10 scale, the scale's "severe" band.
HIGH_STRESS = SEVERE
# The shipped trigger that stands for physical exertion ("Overdoing it"); the check-in
# has no question about exertion, so a day counts when a spasm named this trigger.
EXERTION_TRIGGER = "physical-exertion"
# The days after a day that are compared: the same day (0), the next (1), the one after (2).
DELAYED_LAGS = (0, 1, 2)
# Medicines: spasms in the 4 weeks before the first logged dose against the 4 weeks since.
MEDICINE_WINDOW_DAYS = 28

# --- Unusual days ----------------------------------------------------------------------

# A day is unusual when it had a severe spasm, or it was busy: at least
# UNUSUAL_MIN_SPASMS spasms and at least UNUSUAL_TIMES_MEAN times the period's mean a day.
UNUSUAL_MIN_SPASMS = 3
UNUSUAL_TIMES_MEAN = 2


def busy_day_threshold(spasms: int, days: int) -> float:
    """How many spasms make a day "busy" in a period with this many spasms over these days."""
    mean_per_day = spasms / days if days else 0
    return max(UNUSUAL_MIN_SPASMS, UNUSUAL_TIMES_MEAN * mean_per_day)


def is_unusual_day(day_spasms: int, day_worst, busy_threshold: float) -> bool:
    return is_severe(day_worst) or (day_spasms > 0 and day_spasms >= busy_threshold)


# --- The flags a clinician sees --------------------------------------------------------

SEVERE_RUN_DAYS = 3  # severe spasms on three of the patient's days running ...
SEVERE_RUN_WINDOW_DAYS = 30  # ... the run starting within the last 30 days
RECENT_DAYS = 7  # spasms a day in the last 7 days ...
BASELINE_DAYS = 28  # ... at least double the rate of the 4 weeks before,
MIN_SPASMS_FOR_RISE = 3  # and at least 3 of them: one or two after a quiet month are no rise
QUIET_DAYS = 7  # nothing logged for 7 days

# --- The patient's calendar ---------------------------------------------------------------


def patient_day_of(moment: datetime, user) -> date:
    """The patient's own calendar day of a moment: days end at the patient's midnight."""
    return timezone.localtime(moment, user.zone).date()


def patient_today(user, now: datetime | None = None) -> date:
    """Today in the patient's own time zone, whoever is reading (the patient, a
    clinician elsewhere, or the server)."""
    return patient_day_of(now or timezone.now(), user)


def this_minute(now: datetime | None = None) -> datetime:
    """The clock the clinician's flags and patients list read: the start of the minute,
    so a list or summary reused within the minute is the one a fresh view would show."""
    return (now or timezone.now()).replace(second=0, microsecond=0)


def _day_after(day: date) -> date:
    return day + timedelta(days=1) if day < date.max else day


@dataclass(frozen=True)
class Period:
    """Days of the patient's diary from ``first`` to ``last``, both included.

    A period asked for before the diary began is cut to the days it existed:
    ``asked_days`` keeps the length asked for, ``days`` is what is counted. A period
    that lies wholly before the diary began has no days at all (``is_empty``), and its
    figures say "no entries yet", never 0.
    """

    first: date
    last: date
    asked_days: int | None = None
    diary_start: date | None = None

    def __post_init__(self):
        if (self.first - self.last).days > 1:  # one day after the last is an empty period
            raise ValueError("A period cannot end before it starts.")
        if self.asked_days is None:
            object.__setattr__(self, "asked_days", self.days)

    @classmethod
    def ending(cls, last: date, days: int, diary_start: date | None = None) -> Period:
        """The ``days`` days up to ``last``, cut to the days since ``diary_start``."""
        return cls.between(last - timedelta(days=days - 1), last, diary_start)

    @classmethod
    def between(cls, first: date, last: date, diary_start: date | None = None) -> Period:
        asked = (last - first).days + 1
        if diary_start is not None and diary_start > first:
            first = diary_start if diary_start <= last else _day_after(last)
        return cls(first, last, asked, diary_start)

    @classmethod
    def last_days(cls, user, days: int) -> Period:
        """The patient's last ``days`` days up to their today, cut to their diary's start."""
        from diary.insights.start import diary_start

        return cls.ending(patient_today(user), days, diary_start(user))

    @property
    def days(self) -> int:
        return max(0, (self.last - self.first).days + 1)

    @property
    def is_empty(self) -> bool:
        return self.days == 0

    @property
    def is_cut(self) -> bool:
        """Did the diary begin inside (or after) the period asked for?"""
        return self.days < self.asked_days

    def previous(self) -> Period:
        """The period of the asked length just before this one, cut to the diary's start."""
        asked_first = self.last - timedelta(days=self.asked_days - 1)
        if asked_first == date.min:
            return Period(asked_first, asked_first, 1, self.diary_start)
        return Period.ending(asked_first - timedelta(days=1), self.asked_days, self.diary_start)

    def each_day(self):
        for offset in range(self.days):
            yield self.first + timedelta(days=offset)

    def weekday_counts(self) -> dict[int, int]:
        """How many Mondays (1) ... Sundays (7) the period holds, without a loop over days."""
        whole_weeks, extra = divmod(self.days, 7)
        counts = dict.fromkeys(range(1, 8), whole_weeks)
        start = self.first.isoweekday()
        for offset in range(extra):
            counts[(start - 1 + offset) % 7 + 1] += 1
        return counts

    def per_day(self, count: int | None, digits: int = 1) -> float | None:
        """``count`` a day over the days counted; None for a period with no days."""
        if self.is_empty or count is None:
            return None
        return round(count / self.days, digits)


# --- The ACR 2016 scores (for clinicians; never a verdict) ------------------------------
#
# Wolfe F, et al. 2016 revisions to the 2010/2011 fibromyalgia diagnostic criteria.
# Semin Arthritis Rheum 2016;46:319-329. The scores are shown to clinicians only as
# numbers with their date and trend; nothing in Unknot says whether the criteria are
# met (they are not for self-diagnosis). diary.insights.acr computes them.

# The 19 areas of the Widespread Pain Index: a stable key each and its plain name, in
# the index's five regions (left upper, right upper, left lower, right lower, axial).
WPI_AREAS = {
    "left-jaw": _("Left jaw"),
    "left-shoulder-girdle": _("Left shoulder girdle"),
    "left-upper-arm": _("Left upper arm"),
    "left-lower-arm": _("Left lower arm"),
    "right-jaw": _("Right jaw"),
    "right-shoulder-girdle": _("Right shoulder girdle"),
    "right-upper-arm": _("Right upper arm"),
    "right-lower-arm": _("Right lower arm"),
    "left-hip": _("Left hip (buttock, trochanter)"),
    "left-upper-leg": _("Left upper leg"),
    "left-lower-leg": _("Left lower leg"),
    "right-hip": _("Right hip (buttock, trochanter)"),
    "right-upper-leg": _("Right upper leg"),
    "right-lower-leg": _("Right lower leg"),
    "neck": _("Neck"),
    "upper-back": _("Upper back"),
    "lower-back": _("Lower back"),
    "chest": _("Chest"),
    "abdomen": _("Abdomen"),
}
WPI_MAX = len(WPI_AREAS)  # 19

# Which WPI area each of the diary's body areas (by slug) counts as. One WPI area is
# counted once however many diary areas map to it. The shipped diary areas are the
# 19 under the same slugs; hands and feet (wrist, hand, ankle and foot are not WPI
# areas) and any area a host adds are not listed, so they never count.
WPI_AREA_OF = {slug: slug for slug in WPI_AREAS}

WPI_DAYS = 7  # pain in the past week: the check's day and the six days before it

# The Symptom Severity Scale: three symptoms over the past week, each 0-3 (none, mild,
# moderate, severe), and three present in the past 6 months, each 0 or 1.
SSS_SEVERITY_FIELDS = ("fatigue", "waking_unrefreshed", "thinking")
SSS_PRESENT_FIELDS = ("headaches", "lower_belly_pain", "low_mood")
SSS_SEVERITY_MAX = 3
SSS_MAX = len(SSS_SEVERITY_FIELDS) * SSS_SEVERITY_MAX + len(SSS_PRESENT_FIELDS)  # 12
ACR_TOTAL_MAX = WPI_MAX + SSS_MAX  # 31
