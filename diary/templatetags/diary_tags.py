from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary import clinical
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


@register.filter
def duration(seconds):
    """How long something lasted, written one way on every page: 312 -> '5 min 12 s'.

    The admin's lists and entry pages use it too; a part that is zero is left out
    ('20 min', '1 h'), and an empty value stays empty.
    """
    if seconds is None or seconds == "":
        return ""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        if minutes:
            return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
        return _("%(hours)d h") % {"hours": hours}
    if minutes:
        if seconds:
            return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(seconds)d s") % {"seconds": seconds}


@register.filter
def bar_height(count, full_at=10):
    """Height out of 100 for a day's bar: `full_at` spasms fill it."""
    return min(100, round(int(count or 0) * 100 / int(full_at)))


@register.simple_tag
def spasm_safety_line(spasm, user):
    """The calm "where to get help" line under a saved spasm, or nothing."""
    return safety.spasm_safety_line(spasm, user)
