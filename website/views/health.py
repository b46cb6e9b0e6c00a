"""Health checks for the host, and the benchmark's floor.

`/healthz` is for a load balancer, a reverse proxy or a monitor: no log-in, no
session, never cached. It answers 200 `{"status": "ok", "database": "ok", "cache":
"ok"}` when a trivial query and a cache write and read both work, and 503 naming
the one that failed otherwise. It says nothing else (no version, no counts, no host
names), so anyone may be allowed to ask. It is exempt from the redirect to HTTPS
(SECURE_REDIRECT_EXEMPT), since a proxy probes it over plain HTTP on loopback.

`/diary/ping/` answers "ok" and who is signed in, as plain text, after going
through every middleware, the session, the user lookup and the template engine,
like any page. A monitor (or a person) that logs in and sees "ok" knows the
server, its database and its sessions work; the benchmark measures every page
against it, as the least any signed-in page can cost.
"""

import logging
import secrets

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
FAILING = "unavailable"


def database_answers():
    """Whether the database answers a query that reads no table."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: the database did not answer: %s", error)
        return False


def cache_answers():
    """Whether the cache keeps a value long enough to give it back. Any error counts
    as an answer of no: Redis's own errors are not Django's."""
    key = f"unknot:healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        kept = cache.get(key) == value
        cache.delete(key)
        return kept
    except Exception as error:  # noqa: BLE001 (a broken cache is what this looks for)
        logger.warning("Health check: the cache did not answer: %s", error)
        return False


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache both work, 503 naming the one that failed.

    Reads neither the session nor the signed-in user, so it sets no cookie."""
    checks = {
        "database": OK if database_answers() else FAILING,
        "cache": OK if cache_answers() else FAILING,
    }
    healthy = all(state == OK for state in checks.values())
    body = {"status": OK if healthy else FAILING, **checks}
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
@never_cache
def ping(request):
    context = {"username": request.user.get_username(), "now": timezone.now()}
    return render(request, "diary/ping.txt", context, content_type="text/plain; charset=utf-8")
