"""The patient's devices for reminders: add this browser, rename one, remove one.

Adding needs JavaScript (only the browser can ask its push service for an address),
so `push_subscribe` answers JSON to static/js/push.js. Renaming and removing are
plain forms on the reminders page that work without it. Every device is fetched
through `own_or_404`: someone else's device is a 404.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diary import push
from diary.access import own_or_404
from diary.members.push_forms import DeviceNameForm, SubscriptionForm
from diary.models import PushSubscription

# A subscription's JSON is well under a kilobyte; anything far bigger is not one.
MAX_SUBSCRIPTION_BYTES = 8 * 1024


@login_required
@require_POST
def push_subscribe(request):
    if len(request.body) > MAX_SUBSCRIPTION_BYTES:
        return JsonResponse({"error": _("That is not a browser's subscription.")}, status=400)
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"error": _("That is not a browser's subscription.")}, status=400)
    form = SubscriptionForm.from_json(data)
    if not form.is_valid():
        return JsonResponse({"error": form.message()}, status=400)
    device = push.subscribe(
        request.user,
        name=push.device_name(request.headers.get("User-Agent", "")),
        **form.cleaned_data,
    )
    messages.success(
        request, _("Reminders will come to this device (%(name)s).") % {"name": device.name}
    )
    return JsonResponse({"id": device.pk, "name": device.name}, status=201)


@login_required
@require_http_methods(["GET", "POST"])
def push_rename(request, pk):
    device = own_or_404(PushSubscription, request.user, pk)
    form = DeviceNameForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Renamed to “%(name)s”.") % {"name": device.name})
        return redirect("diary:reminders")
    return render(request, "diary/push_device.html", {"device": device, "form": form})


@login_required
@require_POST
def push_remove(request, pk):
    device = own_or_404(PushSubscription, request.user, pk)
    device.delete()
    messages.success(request, _("“%(name)s” will get no more reminders.") % {"name": device.name})
    return redirect("diary:reminders")
