from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from diary.daily.history import timeline_page
from diary.daily.history_filter import HistoryFilterForm
from diary.diary_version import cached_fragment

CONTENT = "diary/includes/history_content.html"


def history_html(request, timeline_only: bool) -> str:
    """History's filter form and timeline (or, for htmx, the timeline alone) as HTML."""
    form = HistoryFilterForm(request.GET or None, owner=request.user)
    chosen = (
        form.to_filter() if form.is_bound else HistoryFilterForm(owner=request.user).to_filter()
    )
    page, days = timeline_page(request.user, chosen, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "days": days, "query": query.urlencode()}
    return render_to_string(f"{CONTENT}#timeline" if timeline_only else CONTENT, context, request)


@login_required
def history(request):
    timeline_only = bool(request.htmx)
    # Keyed by the whole address: the filters and page it asks for, and the
    # "Open" links' way back.
    html = cached_fragment(
        request.user,
        "history",
        ("timeline" if timeline_only else "page", request.get_full_path()),
        "patient",
        lambda: history_html(request, timeline_only),
    )
    if timeline_only:
        return HttpResponse(html)
    return render(request, "diary/history.html", {"history_html": html})
