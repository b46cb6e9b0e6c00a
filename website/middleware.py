"""Middleware every page goes through: the person's own time zone, and idle sessions ending.

(The request-size limit is in `request_limits.py`; the diary's entries-per-minute limit in
`diary/daily/limits.py`.)
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import DataError
from django.shortcuts import render
from django.utils import timezone, translation

from website import languages

try:
    from psycopg import DataError as PostgresDataError
except ImportError:  # SQLite only
    PostgresDataError = DataError

logger = logging.getLogger(__name__)

# Words in the errors a value out of any sane range raises on its way through date
# arithmetic or a database driver ("year 0 is out of range", "date value out of
# range", "Python int too large to convert to SQLite INTEGER", "surrogates not allowed",
# "Field 'id' expected a number but got '²'").
_BAD_VALUE_WORDS = (
    "out of range",
    "too large",
    "too small",
    "surrogates not allowed",
    "expected a number but got",
)


class PatientTimezoneMiddleware:
    """Show every time in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """End a signed-in session after a stretch without visits, however long it has lived.

    Django sets a session's end when the session is saved, so a session saved on every
    request would stay alive while used; but that is a database write per page. Instead
    the session is marked as touched whenever it is saved anyway (logging in, for one),
    and re-saved only when its last touch is over REFRESH_SECONDS old: that pushes its end
    (and the cookie's) back to SESSION_IDLE_MINUTES from now, or STAFF_SESSION_IDLE_MINUTES
    for staff. A session never touched (made before this existed) is left to end as it
    was set to. Placed just after SessionMiddleware, so the touch is saved with the response.
    """

    REFRESH_SECONDS = 5 * 60
    TOUCHED_KEY = "_unknot_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_KEY):
            return response
        now = int(time.time())
        touched = session.get(self.TOUCHED_KEY)
        if session.modified or (touched is not None and now - touched >= self.REFRESH_SECONDS):
            session[self.TOUCHED_KEY] = now
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.is_staff:
                session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)
        return response


class BadValueMiddleware:
    """The last resort for a value no check stopped: a plain 400, never a 500.

    Every form and query parameter checks its values where it reads them, with a
    message beside the field; this catches what got past them all, as the database
    or date arithmetic refused it (a NUL, a number or a date too big), and logs it so
    the missing check can be added. Anything else is left to be the error it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_a_bad_value(exception):
            return None
        logger.warning(
            "A value reached %s unchecked: %s: %s",
            request.path,
            type(exception).__name__,
            exception,
        )
        return render(request, "400.html", status=400)


def is_a_bad_value(exception):
    if isinstance(exception, DataError | PostgresDataError):
        return True
    if isinstance(exception, OverflowError):
        return True
    if isinstance(exception, ValueError):  # UnicodeEncodeError is one too
        message = str(exception)
        return any(words in message for words in _BAD_VALUE_WORDS)
    return False


class MemberLanguageMiddleware:
    """A signed-in member's own language (their profile) before the browser's.

    LocaleMiddleware has already chosen from the chooser's cookie, Accept-Language or
    LANGUAGE_CODE; a member who chose a language gets it on every device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            language = languages.supported(user.language)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
