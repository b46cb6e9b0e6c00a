"""The diary's limit on entries per minute, so one person cannot cost everyone else.

`EntryForm.save_once`, the one path by which every diary entry is created, calls
`count_new_entry` first. Past `settings.ENTRIES_PER_MINUTE` it raises `TooManyEntries`,
nothing is saved, and `EntryRateLimitMiddleware` answers 429 with a message the patient
understands.

The counter lives in Django's cache. The default cache is per process, so with several
server processes the limit is per process; a shared cache (Redis) makes it exact.

The site-wide limit on a request's size, and the 400 page, are in
`website/request_limits.py`.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

WINDOW_SECONDS = 60


class TooManyEntries(Exception):
    """This patient has added the most entries allowed in one minute."""


def _window_key(user_id, now=None):
    window = int((now or time.time()) // WINDOW_SECONDS)
    return f"unknot:entries:{user_id}:{window}"


def count_new_entry(user):
    """Count one new diary entry for `user`; raise TooManyEntries if it is one too many."""
    limit = settings.ENTRIES_PER_MINUTE
    if not limit:
        return
    key = _window_key(user.pk)
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    if count > limit:
        raise TooManyEntries


def entry_limit_response(request):
    """429: nothing was saved; wait a minute. htmx reloads the page to show the message."""
    text = _(
        "You have added %(limit)s entries in the last minute, the most we take at once. "
        "Nothing was saved this time. Wait a minute, then save again."
    ) % {"limit": settings.ENTRIES_PER_MINUTE}
    if getattr(request, "htmx", False):
        # htmx does not swap error answers; a reload shows the message at the top.
        messages.error(request, text)
        response = HttpResponse(text, status=429, content_type="text/plain; charset=utf-8")
        response["HX-Refresh"] = "true"
    else:
        response = render(request, "429.html", {"message": text}, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


class EntryRateLimitMiddleware:
    """Turn TooManyEntries, raised from wherever an entry is created, into a 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TooManyEntries):
            return entry_limit_response(request)
        return None
