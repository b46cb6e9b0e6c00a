from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from diary.urls import account_patterns
from website.views import health, install
from website.views.home import home
from website.views.language import choose_language
from website.views.privacy import privacy

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # At the root: a service worker only looks after pages at or below its address.
    path("sw.js", install.service_worker, name="service_worker"),
    path("manifest.webmanifest", install.manifest, name="manifest"),
    path("offline/", install.offline, name="offline"),
    path("privacy/", privacy, name="privacy"),
    path("language/", choose_language, name="choose_language"),
    # The words static/js/*.js show, in the page's language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include(account_patterns)),
    path("diary/", include("diary.urls")),
    path("learn/", include("education.urls")),
    # The admin site asks staff for their second factor (website/twofactor).
    path("admin/", admin.site.urls),
]

# A body too big to read gets the plain 413 page, any other bad request a plain 400.
handler400 = "website.request_limits.bad_request"
