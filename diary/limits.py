"""Limits that keep one person, or one bad request, from costing everyone else.

- Request size: a request body bigger than a form (or, with a file, the diary import) can
  be is refused with a 413 page before it is read; Django's own "too big" and "too many
  fields" errors get the same plain page instead of a bare 400.
- Entries per minute: `EntryForm.save_once`, the one path by which every diary entry is
  created, calls `count_new_entry` first. Past `settings.ENTRIES_PER_MINUTE` it raises
  `TooManyEntries`, nothing is saved, and `EntryRateLimitMiddleware` answers 429 with a
  message the patient understands.

The counter lives in Django's cache. The default cache is per process, so with several
server processes the limit is per process; a shared cache (Redis) makes it exact.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Form fields and headers around an uploaded file: a little more than the file itself.
UPLOAD_OVERHEAD_BYTES = 64 * 1024
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


def max_request_bytes(request):
    """The biggest body this request may have: an upload may be bigger than a form."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        return settings.MAX_UPLOAD_MB * 1024 * 1024 + UPLOAD_OVERHEAD_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large_response(request):
    return render(request, "413.html", {"max_mb": settings.MAX_UPLOAD_MB}, status=413)


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is too big, before reading any of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes(request):
            return too_large_response(request)
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: a too-big body gets the 413 page; any other bad request a plain 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return render(request, "400.html", {"too_many_fields": True}, status=400)
    return render(request, "400.html", status=400)
