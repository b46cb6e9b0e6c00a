"""The guide: public pages anyone can read and share, no sign-in needed."""

from django.shortcuts import get_object_or_404, render

from diary.models import Technique
from diary.validators import has_forbidden_characters
from education.models import Page

MAX_QUERY_LENGTH = 100


def techniques_explained_by(page):
    """The diary's techniques this page explains, for its "Log …" buttons."""
    return list(Technique.objects.filter(learn_slug=page.slug, is_active=True))


def index(request):
    sections = Page.objects.published().by_section()
    return render(request, "education/index.html", {"sections": sections})


def page(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    context = {
        "page": page,
        "previous_page": page.previous_page(),
        "next_page": page.next_page(),
        "techniques": techniques_explained_by(page) if request.user.is_authenticated else [],
    }
    return render(request, "education/page.html", context)


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if has_forbidden_characters(query):
        # No page holds a NUL or half a character: nothing to find, nothing to send on.
        query = ""
    results = list(Page.objects.published().search(query)) if query else []
    return render(request, "education/search.html", {"query": query, "results": results})
