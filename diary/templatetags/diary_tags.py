from django import template
from django.utils.translation import ngettext

from diary import clinical, spoken
from diary.daily import safety

register = template.Library()


def _too_few(what):
    """The one sentence for each "not enough data yet", with diary.clinical's minimum."""
    if what == "sessions":
        n = clinical.MIN_SESSIONS
        return ngettext(
            "Too few sessions to tell yet: %(n)s or more are needed.",
            "Too few sessions to tell yet: %(n)s or more are needed.",
            n,
        ) % {"n": n}
    if what == "pattern":
        n = clinical.MIN_SPASMS_FOR_PATTERN
        return ngettext(
            "Not enough data yet: a pattern needs at least %(n)s spasm in the period.",
            "Not enough data yet: a pattern needs at least %(n)s spasms in the period.",
            n,
        ) % {"n": n}
    if what == "comparison":
        n = clinical.MIN_DAYS_EACH_SIDE
        return ngettext("%(n)s day of each is needed.", "%(n)s days of each are needed.", n) % {
            "n": n
        }
    raise template.TemplateSyntaxError(f"too_few knows no {what!r}")


register.simple_tag(_too_few, name="too_few")

# The 0-10 scale's words and stable keys, as diary.clinical defines them.
register.filter("intensity_band", clinical.intensity_band)
register.filter("intensity_band_key", clinical.intensity_band_key)


# How long something lasted ("45 s", "3 min", "1 h 5 min"), one way on every page;
# the admin's lists and entry pages use it too.
duration = register.filter("duration", spoken.duration)


@register.filter
def duration_in_minutes(minutes):
    """`{{ session.minutes|duration_in_minutes }}`: 20 -> "20 min", 90 -> "1 h 30 min"."""
    if minutes is None or minutes == "":
        return ""
    return spoken.duration(int(minutes) * 60)


@register.filter
def number(value, decimals=1):
    """`{{ value|number }}`: at most one decimal (`|number:2`, two), no needless ".0",
    the reader's decimal mark: 6.0 -> "6", 6.5 -> "6.5" ("6,5" in German)."""
    return spoken.number(value, int(decimals))


@register.filter
def bar_height(count, full_at=10):
    """Height out of 100 for a day's bar: `full_at` spasms fill it."""
    return min(100, round(int(count or 0) * 100 / int(full_at)))


@register.simple_tag
def spasm_safety_line(spasm, user):
    """The calm "where to get help" line under a saved spasm, or nothing."""
    return safety.spasm_safety_line(spasm, user)
