from django.contrib import admin
from django.urls import include, path

from diary.urls import account_patterns
from diary.views.accounts import home

admin.site.site_header = "Unknot"
admin.site.site_title = "Unknot admin"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include(account_patterns)),
    path("diary/", include("diary.urls")),
    path("learn/", include("education.urls")),
    path("admin/", admin.site.urls),
]
