"""Limits on one request, for every page of the site: how big its body may be.

A request body bigger than a form (or, with a file, the diary import) can be is refused
with a 413 page before it is read (`RequestSizeLimitMiddleware`). Django's own "too big"
and "too many fields" errors get the same plain pages instead of a bare 400:
`bad_request` is the site's handler400 (config/urls.py).

The diary's limit on entries per minute is in `diary/daily/limits.py`.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.urls import reverse

# Form fields and headers around an uploaded file: a little more than the file itself.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


def upload_limit_bytes(request):
    """The biggest file this request may carry: the diary import takes years of entries."""
    if request.path_info == reverse("diary:import"):
        return settings.IMPORT_MAX_BYTES
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def max_request_bytes(request):
    """The biggest body this request may have: an upload may be bigger than a form."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        return upload_limit_bytes(request) + UPLOAD_OVERHEAD_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large_response(request):
    max_mb = upload_limit_bytes(request) // (1024 * 1024)
    return render(request, "413.html", {"max_mb": max_mb}, status=413)


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
