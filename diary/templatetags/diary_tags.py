from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diary import clinical

register = template.Library()


# The 0-10 scale's words and stable keys, as diary.clinical defines them.
register.filter("intensity_band", clinical.intensity_band)
register.filter("intensity_band_key", clinical.intensity_band_key)


@register.filter
def duration(seconds):
    """312 -> '5 min 12 s'."""
    if seconds is None or seconds == "":
        return ""
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}
    return ngettext("%(seconds)d second", "%(seconds)d seconds", seconds) % {"seconds": seconds}


@register.filter
def bar_height(count, full_at=10):
    """Height out of 100 for a day's bar: `full_at` spasms fill it."""
    return min(100, round(int(count or 0) * 100 / int(full_at)))
