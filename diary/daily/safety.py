"""One calm line after a log that may need more than self-care.

Which logs, and which tier of the guide's "When to get help" they point to, is
diary.clinical's (spasm_safety_tier, check_in_safety_tier). The line never blocks
a save, is never a pop-up, and a patient can turn it off in their profile.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from diary import clinical
from education import help_numbers

# The guide page whose headings carry the tiers' ids (#emergency, #today, #crisis).
WHEN_TO_GET_HELP = "when-to-seek-care"


def _tier_url(tier):
    return reverse("education:page", args=[WHEN_TO_GET_HELP]) + f"#{tier}"


def safety_line(tier):
    """The line for a tier, as HTML with the host's numbers, or "" for none."""
    if tier == "emergency":
        return format_html(
            '{} <a href="{}">{}</a>',
            _(
                "You logged a strong spasm in your chest. If you have chest pain or tightness, "
                "or trouble breathing, call %(number)s now."
            )
            % {"number": help_numbers.emergency_number()},
            _tier_url(tier),
            _("When to call for help now"),
        )
    if tier == "today":
        return format_html(
            '{} <a href="{}">{}</a>',
            _("If a strong spasm in your belly does not ease, call your clinician today."),
            _tier_url(tier),
            _("When to get help today"),
        )
    if tier == "crisis":
        return format_html(
            '{} <a href="{}">{}</a>',
            _(
                "Low days can be very hard. If you ever think about harming yourself, call "
                "%(crisis_line)s or %(number)s now."
            )
            % {
                "crisis_line": help_numbers.crisis_line(),
                "number": help_numbers.emergency_number(),
            },
            _tier_url(tier),
            _("Where to get help"),
        )
    return ""


def _wanted(user):
    return getattr(user, "safety_lines_enabled", False)


def spasm_safety_line(spasm, user):
    if not _wanted(user):
        return ""
    areas = [area.slug for area in spasm.body_areas.all()]
    return safety_line(clinical.spasm_safety_tier(areas, spasm.intensity))


def check_in_safety_line(check_in, user):
    if not _wanted(user):
        return ""
    return safety_line(clinical.check_in_safety_tier(check_in.mood))
