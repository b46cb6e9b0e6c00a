"""Staff (clinicians and hosts) need a code from an authenticator app before the admin
opens; patients are never asked."""

import base64
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from diary.care import sharing
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
VERIFY = reverse("admin:otp_verify")
SETUP = reverse("admin:otp_setup")
CLINICIANS_HOME = reverse("admin:diary_sharedpatient_changelist")  # where /admin/ sends them


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.STAFF_2FA = True


def log_in_to_admin(client, user, next_url=ADMIN):
    login = reverse("admin:login") + f"?next={next_url}"
    response = client.post(login, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password was accepted"
    return client.get(response.url, follow=True)


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def test_a_clinician_with_a_password_alone_does_not_get_into_the_admin(client, doctor, patient):
    sharing.grant(patient, doctor)

    response = log_in_to_admin(client, doctor, reverse("admin:diary_spasm_changelist"))

    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert client.get(reverse("admin:diary_spasm_changelist")).status_code == 302
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    assert client.get(summary).status_code == 302
    # The clinicians' door outside the admin is shut too: the report of a shared patient.
    assert client.get(reverse("diary:report"), {"patient": patient.pk}).status_code == 404


def test_the_setup_page_shows_a_qr_code_drawn_here_and_the_key_to_type(client, doctor):
    response = log_in_to_admin(client, doctor)

    html = response.content.decode()
    assert re.search(r'<img class="otp-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    svg = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", html).group(1)).decode()
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert "http" not in html.split("otp-qr", 1)[1].split(">", 1)[0]  # no outside host
    device = TOTPDevice.objects.get(user=doctor)
    assert device.confirmed is False
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret


def test_reloading_the_setup_page_keeps_the_same_key(client, doctor):
    log_in_to_admin(client, doctor)
    first = TOTPDevice.objects.get(user=doctor).key

    client.get(SETUP)

    assert list(TOTPDevice.objects.filter(user=doctor).values_list("key", flat=True)) == [first]


def test_a_wrong_code_at_setup_is_refused_and_adds_nothing(client, doctor):
    log_in_to_admin(client, doctor)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert TOTPDevice.objects.get(user=doctor).confirmed is False
    assert client.get(CLINICIANS_HOME).status_code == 302


def test_the_right_code_at_setup_adds_the_app_and_opens_the_admin(client, doctor):
    log_in_to_admin(client, doctor)
    device = TOTPDevice.objects.get(user=doctor)
    old_session = client.session.session_key

    response = client.post(SETUP + "?next=/admin/diary/spasm/", {"code": code_for(device)})

    assert response.status_code == 302
    assert response.url == "/admin/diary/spasm/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != old_session  # a new session id once verified
    assert client.get(CLINICIANS_HOME).status_code == 200


def test_next_time_the_code_is_asked_for_and_opens_the_admin(client, doctor):
    device = TOTPDevice.objects.create(user=doctor, name="phone", confirmed=True)

    response = log_in_to_admin(client, doctor)
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert "6-digit code" in response.content.decode()

    response = client.post(VERIFY, {"code": code_for(device), "next": ADMIN})

    assert response.status_code == 302
    assert client.get(CLINICIANS_HOME).status_code == 200


def test_a_code_is_not_accepted_twice(client, doctor, make_user):
    device = TOTPDevice.objects.create(user=doctor, name="phone", confirmed=True)
    code = code_for(device)
    log_in_to_admin(client, doctor)
    client.post(VERIFY, {"code": code})
    client.post(reverse("admin:logout"))

    log_in_to_admin(client, doctor)
    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert client.get(CLINICIANS_HOME).status_code == 302


def test_wrong_codes_in_a_row_are_slowed_down(client, doctor):
    device = TOTPDevice.objects.create(user=doctor, name="phone", confirmed=True)
    log_in_to_admin(client, doctor)

    client.post(VERIFY, {"code": "000000"})
    client.post(VERIFY, {"code": "111111"})
    response = client.post(VERIFY, {"code": code_for(device)})

    assert "Too many wrong codes in a row" in response.content.decode()
    assert client.get(CLINICIANS_HOME).status_code == 302


def test_codes_must_be_digits(client, doctor):
    TOTPDevice.objects.create(user=doctor, name="phone", confirmed=True)
    log_in_to_admin(client, doctor)

    response = client.post(VERIFY, {"code": "12ab56"})
    assert "The code is the 6 digits your app shows." in response.content.decode()

    response = client.post(VERIFY, {"code": "<b>1</b>"})
    assert "<b>1</b>" not in response.content.decode()
    assert client.get(CLINICIANS_HOME).status_code == 302


def test_the_second_factor_pages_are_only_for_signed_in_staff(client, patient):
    for url in (VERIFY, SETUP):
        assert client.get(url).url.startswith(reverse("admin:login"))
    client.force_login(patient)
    for url in (VERIFY, SETUP):
        assert client.get(url).url.startswith(reverse("admin:login"))
    assert not TOTPDevice.objects.exists()


def test_the_next_address_cannot_send_staff_to_another_site(client, doctor):
    device = TOTPDevice.objects.create(user=doctor, name="phone", confirmed=True)
    log_in_to_admin(client, doctor)

    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})

    assert response.url == ADMIN


def test_a_host_needs_the_code_too(client, host):
    log_in_to_admin(client, host)

    assert client.get(reverse("admin:diary_user_changelist")).status_code == 302


def test_patients_are_never_asked_for_a_code(client, patient):
    response = client.post(reverse("login"), {"username": patient.username, "password": PASSWORD})

    assert response.url == reverse("diary:dashboard")
    assert client.get(reverse("diary:dashboard")).status_code == 200
    assert client.get(reverse("diary:report")).status_code == 200
    assert not TOTPDevice.objects.exists()


def test_with_the_setting_off_a_password_opens_the_admin(client, doctor, settings):
    settings.STAFF_2FA = False

    response = log_in_to_admin(client, doctor)

    assert response.status_code == 200
    assert response.wsgi_request.path == CLINICIANS_HOME


def test_the_test_helper_marks_a_session_verified(client, doctor, otp_verified):
    otp_verified(client, doctor)

    assert client.get(CLINICIANS_HOME).status_code == 200


def test_a_lost_phone_is_reset_with_a_command(client, doctor, capsys):
    TOTPDevice.objects.create(user=doctor, name="phone", confirmed=True)

    call_command("reset_second_factor", doctor.username)

    assert "Removed the authenticator app" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=doctor).exists()
    assert log_in_to_admin(client, doctor).redirect_chain[-1][0].startswith(SETUP)
