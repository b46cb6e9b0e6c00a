from django.urls import path

from education import views

app_name = "education"

urlpatterns = [
    path("", views.index, name="index"),
    # Before the page pattern, so "search" is never taken for a page's slug.
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.page, name="page"),
]
