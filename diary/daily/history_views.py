from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from diary.daily.history import timeline_page
from diary.daily.history_filter import HistoryFilterForm


@login_required
def history(request):
    form = HistoryFilterForm(request.GET or None, owner=request.user)
    chosen = (
        form.to_filter() if form.is_bound else HistoryFilterForm(owner=request.user).to_filter()
    )
    page, days = timeline_page(request.user, chosen, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "days": days, "query": query.urlencode()}
    if request.htmx:
        return render(request, "diary/history.html#timeline", context)
    return render(request, "diary/history.html", context)
