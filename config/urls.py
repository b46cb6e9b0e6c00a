from django.contrib import admin
from django.urls import include, path

from diary.urls import account_patterns
from diary.views import install
from diary.views.accounts import home

admin.site.site_header = "Unknot"
admin.site.site_title = "Unknot admin"

urlpatterns = [
    path("", home, name="home"),
    # At the root: a service worker only looks after pages at or below its address.
    path("sw.js", install.service_worker, name="service_worker"),
    path("manifest.webmanifest", install.manifest, name="manifest"),
    path("offline/", install.offline, name="offline"),
    path("accounts/", include(account_patterns)),
    path("diary/", include("diary.urls")),
    path("learn/", include("education.urls")),
    path("admin/", admin.site.urls),
]

# A body too big to read gets the plain 413 page, any other bad request a plain 400.
handler400 = "diary.limits.bad_request"
