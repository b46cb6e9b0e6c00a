"""The patient's sharing page: who may read my diary, until when, and who looked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diary.care import sharing
from diary.care.share_forms import ShareForm
from diary.models import CareShare

ACCESS_LOG_PAGE = 50


def own_share_or_404(user, pk):
    return get_object_or_404(CareShare, pk=pk, patient=user)


@login_required
def sharing_page(request):
    form = ShareForm(request.POST or None, patient=request.user)
    if request.method == "POST" and form.is_valid():
        share = form.save()
        name = sharing.display_name(share.clinician)
        if share.expires_at:
            last_day = formats.date_format(form.cleaned_data["until"], "j F Y")
            text = _("%(name)s can now read your diary, until the end of %(day)s.")
            messages.success(request, text % {"name": name, "day": last_day})
        else:
            text = _("%(name)s can now read your diary, until you stop sharing.")
            messages.success(request, text % {"name": name})
        return redirect("diary:sharing")

    shares = list(sharing.shares_of(request.user))
    log = Paginator(sharing.access_log_for(request.user), ACCESS_LOG_PAGE)
    return render(
        request,
        "diary/sharing.html",
        {
            "form": form,
            "current_shares": [share for share in shares if share.is_active],
            "past_shares": [share for share in shares if not share.is_active],
            "access_log": log.get_page(request.GET.get("page")),
            "clinician_feedback": sharing.feedback_for(request.user),
        },
    )


@login_required
@require_POST
def revoke_share(request, pk):
    share = sharing.revoke(own_share_or_404(request.user, pk))
    text = _("%(name)s can no longer read your diary.")
    messages.success(request, text % {"name": sharing.display_name(share.clinician)})
    return redirect("diary:sharing")
