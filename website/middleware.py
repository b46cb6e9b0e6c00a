"""Middleware every page goes through: the person's own time zone, and idle sessions ending.

(The request-size limit is in `request_limits.py`; the diary's entries-per-minute limit in
`diary/daily/limits.py`.)
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone


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
