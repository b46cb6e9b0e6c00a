"""What `base.html` needs on every page: the site's name, how sign-up works, which
main navigation link (diary, insights, sharing, learn, account) is the current page,
the host's emergency number for the footer, and the key of the account whose entries
kept offline the page may send."""

from django.conf import settings

from diary.daily.offline import device_key
from education import help_numbers

# Diary pages that have their own place in the main navigation.
NAV_SECTIONS = {"insights": "insights", "report": "insights", "sharing": "sharing"}


def site(request):
    return {
        "site_title": settings.SITE_NAME,
        "signup_mode": settings.SIGNUP,
        "nav_section": nav_section(request),
        # A callable: the number is only worked out on a page that shows it.
        "emergency_number": help_numbers.emergency_number,
        # Which entries kept on this device (offline) are this account's to send.
        "kept_for": kept_for(request),
    }


def kept_for(request):
    user = getattr(request, "user", None)
    return device_key(user) if user is not None and user.is_authenticated else ""


def nav_section(request):
    """Which main navigation link is the current page: diary, insights, sharing, learn."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name == "diary":
        return NAV_SECTIONS.get(match.url_name, "diary")
    if match.app_name == "education":
        return "learn"
    if match.url_name in ("profile", "password_change", "password_change_done"):
        return "account"
    return ""
