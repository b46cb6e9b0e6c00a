"""What makes Unknot an app a patient can install on a phone: the web app manifest,
the service worker, and the page it shows when the network is gone.

The service worker is `static/js/sw.js`, a plain file with no build step. It is
served here, at the site's root (`/sw.js`), because a worker only looks after pages
at or below its own address: from /static/js/ it could not answer for /diary/.
In front of the file this view writes the worker's settings: the addresses to keep
for offline use (found with `static()`, so hashed names in production are right; the
words the scripts show, from /jsi18n/, are asked for afresh while online), the script
it shares with the pages (static/js/kept.js: entries kept offline), and a version made
from their contents, so that a new release of any of them installs a new worker and
throws the old copies away.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe
from django.views.decorators.vary import vary_on_cookie

# The colours of the installed app: its title bar and its splash screen.
THEME_COLOR = "#1f5f8b"
BACKGROUND_COLOR = "#ffffff"

ICONS = (
    ("img/icons/icon-192.png", "192x192", "any"),
    ("img/icons/icon-512.png", "512x512", "any"),
    ("img/icons/maskable-192.png", "192x192", "maskable"),
    ("img/icons/maskable-512.png", "512x512", "maskable"),
)

# Static files every page needs, kept by the service worker so that the offline
# page looks like the rest of the site.
PRECACHED_STATIC = (
    "bootstrap/css/bootstrap.min.css",
    "css/unknot.css",
    "django_htmx/htmx-2.min.js",
    "js/kept.js",
    "js/unknot.js",
    "img/icons/icon.svg",
)
# The script the worker shares with the pages: the entries kept offline.
KEPT_SCRIPT = "js/kept.js"
# The picture on a reminder (diary/push.py) the worker shows.
NOTIFICATION_ICON = ICONS[0][0]


@require_safe
@cache_control(max_age=60 * 60 * 24)
@vary_on_cookie  # its words are in the language the chooser's cookie names
def manifest(request):
    name = settings.SITE_NAME
    data = {
        "id": reverse("diary:dashboard"),
        "name": name,
        "short_name": name[:12],
        "description": _("A private diary of muscle spasms, and a guide in plain words."),
        "lang": translation.get_language(),
        "start_url": reverse("diary:dashboard"),
        "scope": reverse("home"),
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
        # A long press on the home-screen icon goes straight to flare mode.
        "shortcuts": [
            {
                "name": _("Log in a flare"),
                "short_name": _("Flare"),
                "url": reverse("diary:flare"),
                "icons": [{"src": static(ICONS[0][0]), "sizes": ICONS[0][1], "type": "image/png"}],
            }
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_safe
def offline(request):
    """The page the service worker shows instead of the browser's error. It is kept
    once for everyone, so it says nothing about who is logged in."""
    return render(request, "offline.html")


def worker_script():
    """(version, text) of the service worker. Built once per process; on every call
    with DEBUG on, so that edited CSS or JavaScript reaches the browser at once."""
    return _build_worker_script() if settings.DEBUG else _cached_worker_script()


@functools.cache
def _cached_worker_script():
    return _build_worker_script()


def _build_worker_script():
    source = _read_static("js/sw.js")
    offline_url = reverse("offline")
    catalog_url = reverse("javascript-catalog")
    urls = [offline_url, catalog_url, *(static(path) for path in PRECACHED_STATIC)]
    version = hashlib.sha256(source)
    version.update(get_template("offline.html").template.source.encode())
    for path in PRECACHED_STATIC:
        version.update(_read_static(path))
    version = version.hexdigest()[:16]
    settings_js = (
        f"const PRECACHE_VERSION = {json.dumps(version)};\n"
        f"const PRECACHE_URLS = {json.dumps(urls)};\n"
        f"const OFFLINE_URL = {json.dumps(offline_url)};\n"
        f"const NETWORK_FIRST_URLS = {json.dumps([catalog_url])};\n"
        f"const KEPT_SCRIPT_URL = {json.dumps(static(KEPT_SCRIPT))};\n"
        f"const NOTIFICATION_ICON_URL = {json.dumps(static(NOTIFICATION_ICON))};\n"
        f"const NOTIFICATION_TITLE = {json.dumps(settings.SITE_NAME)};\n\n"
    )
    return version, settings_js + source.decode()


@require_safe
@etag(lambda request: worker_script()[0])
def service_worker(request):
    response = HttpResponse(worker_script()[1], content_type="text/javascript; charset=utf-8")
    # /sw.js already covers the whole site; the header says so for proxies that
    # move it, and "no-cache" makes browsers ask for a new worker on each visit
    # (an unchanged one is a short "304 Not Modified", thanks to the ETag).
    response["Service-Worker-Allowed"] = reverse("home")
    response["Cache-Control"] = "no-cache"
    return response


def _read_static(path):
    found = finders.find(path)
    if not found:
        raise LookupError(f"static file {path} is missing")
    with open(found, "rb") as file:
        return file.read()
