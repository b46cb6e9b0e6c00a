"""The guide: public pages anyone can read and share, no sign-in needed. Each reader
gets the pages in their own language where they are translated (Page.objects.read_in)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from diary.models import Technique
from diary.validators import has_forbidden_characters
from education.models import Page, by_section, neighbours

MAX_QUERY_LENGTH = 100


def techniques_explained_by(page):
    """The diary's techniques this page explains, for its "Log …" buttons."""
    return list(Technique.objects.filter(learn_slug=page.slug, is_active=True))


def index(request):
    pages = Page.objects.read_in(get_language(), with_bodies=True)
    return render(request, "education/index.html", {"sections": by_section(pages)})


def page(request, slug):
    pages = Page.objects.read_in(get_language())
    chosen = next((other for other in pages if other.slug == slug), None)
    if chosen is None:
        raise Http404
    page = Page.objects.get(pk=chosen.pk)
    previous_page, next_page = neighbours(pages, page)
    context = {
        "page": page,
        "previous_page": previous_page,
        "next_page": next_page,
        "techniques": techniques_explained_by(page) if request.user.is_authenticated else [],
    }
    return render(request, "education/page.html", context)


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if has_forbidden_characters(query):
        # No page holds a NUL or half a character: nothing to find, nothing to send on.
        query = ""
    results = []
    if query:
        shown = [page.pk for page in Page.objects.read_in(get_language())]
        results = list(Page.objects.filter(pk__in=shown).search(query))
    return render(request, "education/search.html", {"query": query, "results": results})
