"""Entries kept on the patient's device while there is no signal, sent when it returns.

The page script (static/js/kept.js, shared with the service worker) keeps a quick
spasm, a dose or a check-in in the browser's IndexedDB, with the form exactly as it
was sent, the time it was made (`made_at`) and the account it was made in
(`kept_for`). When the connection is back it posts the same form to the same address
with the header `X-Kept-Entry: 1`. The form's once-only token makes a resend save once.

- The entry keeps the time it was made, up to `KEEP_HOURS` back: a clock on a device
  that was off for longer than that is not trusted with a diary's time.
- An entry kept for one account is never saved into another that logs in later on the
  same device.
"""

import functools
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# How long an entry may wait on a device and still be saved with its own time.
KEEP_HOURS = 72
# A device clock a little ahead of ours: the entry was made "now".
CLOCK_AHEAD = timedelta(minutes=10)
KEPT_HEADER = "X-Kept-Entry"

TOO_OLD = ngettext_lazy(
    "This entry waited on your device for more than %(hours)d hour, so its time cannot "
    "be trusted. Log it again with its time.",
    "This entry waited on your device for more than %(hours)d hours, so its time cannot "
    "be trusted. Log it again with its time.",
    "hours",
)
NOT_A_TIME = _("The time this entry was made could not be read. Log it again with its time.")


def device_key(user):
    """A stable key for one account, written on every page and on every kept entry.

    It tells the page which kept entries are this account's, without naming anyone."""
    return salted_hmac("unknot.offline.kept-for", str(user.pk)).hexdigest()[:24]


def moment_made(text, now=None):
    """The moment a kept entry was made, from the ISO time its device wrote.

    Raises ValidationError for a time that cannot be read or is more than KEEP_HOURS
    old; a time in the future (a clock running ahead) is taken as now."""
    now = now or timezone.now()
    try:
        moment = parse_datetime(text.strip())
    except (AttributeError, ValueError):
        moment = None
    if moment is None or timezone.is_naive(moment):
        raise ValidationError(NOT_A_TIME, code="made_at")
    if moment < now - timedelta(hours=KEEP_HOURS):
        raise ValidationError(TOO_OLD % {"hours": KEEP_HOURS}, code="made_at_too_old")
    return min(moment, now) if moment <= now + CLOCK_AHEAD else now


def is_kept_entry(request):
    return request.method == "POST" and request.headers.get(KEPT_HEADER) == "1"


def answers_kept_entries(view):
    """Let a view that saves an entry take a resend from the device's queue.

    An ordinary post is left alone. A kept entry gets a short answer the queue can act
    on: 201 saved (or saved before), 422 refused (the patient must log it again), 409
    made in another account (kept for it), 401 not logged in (kept). Anything else,
    like 403 or 429, passes through and the queue tries again later."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_kept_entry(request):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return JsonResponse({"result": "log-in"}, status=401)
        if not constant_time_compare(request.POST.get("kept_for", ""), device_key(request.user)):
            return JsonResponse({"result": "other-account"}, status=409)
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            return JsonResponse({"result": "saved"}, status=201)
        if response.status_code in (200, 400, 404, 422):
            return JsonResponse({"result": "refused"}, status=422)
        return response

    return wrapper
