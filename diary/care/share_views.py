"""The patient's sharing page (who may read my diary, until when, and who looked) and
the patient's replies to their clinician's notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diary.care import sharing
from diary.care.share_forms import ReplyForm, ShareForm, with_reply_forms
from diary.daily.dashboard_views import dashboard_context
from diary.models import CareShare

ACCESS_LOG_PAGE = 50
# The pages that show a clinician's notes with a reply form under each.
REPLY_PAGES = {"dashboard": "diary:dashboard", "sharing": "diary:sharing"}


def own_share_or_404(user, pk):
    return get_object_or_404(CareShare, pk=pk, patient=user)


def own_feedback_note_or_404(user, pk):
    """A note a clinician chose to show `user`, that can still be answered; else 404."""
    note = get_object_or_404(sharing.feedback_for(user), pk=pk)
    if not sharing.can_reply_to(note):
        raise Http404
    return note


def sharing_context(request, form=None, reply_form=None):
    shares = list(sharing.shares_of(request.user))
    log = Paginator(sharing.access_log_for(request.user), ACCESS_LOG_PAGE)
    notes = sharing.feedback_for(request.user)
    return {
        "form": form or ShareForm(patient=request.user),
        "current_shares": [share for share in shares if share.is_active],
        "past_shares": [share for share in shares if not share.is_active],
        "access_log": log.get_page(request.GET.get("page")),
        "clinician_feedback": with_reply_forms(notes, "sharing", reply_form),
    }


@login_required
def sharing_page(request):
    form = ShareForm(request.POST or None, patient=request.user)
    if request.method == "POST" and form.is_valid():
        share = form.save()
        name = sharing.display_name(share.clinician)
        if share.expires_at:
            last_day = formats.date_format(form.cleaned_data["until"], "DATE_FORMAT")
            text = _("%(name)s can now read your diary, until the end of %(day)s.")
            messages.success(request, text % {"name": name, "day": last_day})
        else:
            text = _("%(name)s can now read your diary, until you stop sharing.")
            messages.success(request, text % {"name": name})
        return redirect("diary:sharing")
    return render(request, "diary/sharing.html", sharing_context(request, form))


@login_required
@require_POST
def revoke_share(request, pk):
    share = sharing.revoke(own_share_or_404(request.user, pk))
    text = _("%(name)s can no longer read your diary.")
    messages.success(request, text % {"name": sharing.display_name(share.clinician)})
    return redirect("diary:sharing")


@login_required
@require_POST
def reply_to_note(request, pk):
    """Answer a clinician's note, from the dashboard or the sharing page, and go back there.

    Bad input comes back on the same page, beside the field, with the text kept.
    """
    note = own_feedback_note_or_404(request.user, pk)
    form = ReplyForm(request.POST, note=note)
    back = request.POST.get("back") if request.POST.get("back") in REPLY_PAGES else "dashboard"
    if not form.is_valid():
        if back == "sharing":
            context = sharing_context(request, reply_form=form)
            return render(request, "diary/sharing.html", context, status=422)
        context = dashboard_context(request, reply_form=form)
        return render(request, "diary/dashboard.html", context, status=422)
    sharing.add_reply(request.user, note, form.cleaned_data["text"])
    messages.success(
        request,
        _("Your reply is saved. %(name)s reads it with your diary while you share it with them.")
        % {"name": sharing.display_name(note.clinician)},
    )
    return redirect(reverse(REPLY_PAGES[back]) + f"#note-{note.pk}")
