"""A health check for the host, and the benchmark's floor.

`/diary/ping/` answers "ok" and who is signed in, as plain text, after going
through every middleware, the session, the user lookup and the template engine,
like any page. A monitor (or a person) that logs in and sees "ok" knows the
server, its database and its sessions work; the benchmark measures every page
against it, as the least any signed-in page can cost.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache


@login_required
@never_cache
def ping(request):
    context = {"username": request.user.get_username(), "now": timezone.now()}
    return render(request, "diary/ping.txt", context, content_type="text/plain; charset=utf-8")
