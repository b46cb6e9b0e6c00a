"""The two second-factor pages: add an authenticator app, then type its code."""

import base64
import io

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from website.twofactor import second_factor_passed
from website.twofactor.forms import CodeForm

DEVICE_NAME = "Authenticator app"


def next_url(request, site):
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index", current_app=site.name)


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def mark_verified(request, device):
    """This session has shown the second factor: a new session id, then the device in it."""
    request.session.cycle_key()
    django_otp.login(request, device)


def qr_code_data_uri(text):
    """The QR code as an SVG data: URI, drawn here: no script, no other host."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def grouped_secret(device):
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify(request, site):
    """Type the code from the app you added before."""
    destination = next_url(request, site)
    if second_factor_passed(request.user):
        return redirect(destination)
    device = confirmed_device(request.user)
    if device is None:
        return redirect(site.second_factor_url(destination, name="otp_setup"))
    form = CodeForm(request.POST or None, user=request.user, device=device)
    if request.method == "POST" and form.is_valid():
        mark_verified(request, device)
        return redirect(destination)
    context = {
        **site.each_context(request),
        "title": _("Your second step"),
        "form": form,
        "next": destination,
    }
    return TemplateResponse(request, "admin/otp_verify.html", context)


def setup(request, site):
    """Add an authenticator app: scan the code (or type the key), then type one code back."""
    destination = next_url(request, site)
    if confirmed_device(request.user) is not None:
        # One app per person here; a lost phone is reset by a host (see README).
        return redirect(site.second_factor_url(destination))
    # The same unconfirmed device on every visit, so a reload does not change the key.
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None, user=request.user, device=device)
    if request.method == "POST" and form.is_valid():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        mark_verified(request, device)
        messages.success(
            request,
            _("Your app is added. The admin will ask for a code from it each time you sign in."),
        )
        return redirect(destination)
    context = {
        **site.each_context(request),
        "title": _("Add a second step to your sign-in"),
        "form": form,
        "next": destination,
        "qr_code": qr_code_data_uri(device.config_url),
        "secret": grouped_secret(device),
    }
    return TemplateResponse(request, "admin/otp_setup.html", context)
