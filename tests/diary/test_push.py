"""Web push reminders: the server's keys, a patient's devices, and what a device receives.

The delivery tests run a tiny push service on 127.0.0.1 in a thread: it takes the
server's POST as a real one would, and the test decrypts the body with the keys only
the "browser" holds.
"""

import base64
import json
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from diary import push
from diary.models import PushSubscription, VapidKeys
from tests.live_server import ROOT

COUNT_KEYS = "from diary.models import VapidKeys; print('KEYS', VapidKeys.objects.count())"
CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """What a browser keeps when it subscribes: a P-256 key pair and a 16-byte secret."""

    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = bytes(range(16))
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64url(public)
        self.auth = b64url(self.auth_secret)

    def subscription_json(self, endpoint="https://push.example.net/send/abc123"):
        return {
            "subscription": {
                "endpoint": endpoint,
                "keys": {"p256dh": self.p256dh, "auth": self.auth},
            }
        }

    def decrypt(self, body):
        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )


class PushService:
    """A push service on 127.0.0.1 that keeps every request and answers `status`."""

    def __init__(self):
        self.requests = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.requests.append({"path": self.path, "headers": self.headers, "body": body})
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def endpoint(self, name="device-1"):
        return f"http://127.0.0.1:{self.server.server_port}/push/{name}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def browser():
    return Browser()


def a_device(owner, endpoint, browser, name="My phone"):
    return PushSubscription.objects.create(
        owner=owner, endpoint=endpoint, p256dh=browser.p256dh, auth=browser.auth, name=name
    )


def subscribe(client, data, user_agent=CHROME_ON_ANDROID):
    return client.post(
        reverse("diary:push_subscribe"),
        data=json.dumps(data) if not isinstance(data, (str, bytes)) else data,
        content_type="application/json",
        headers={"user-agent": user_agent},
    )


# The server's keys


def test_the_keys_are_made_once_and_stay_the_same(db):
    first = push.vapid_keys()
    second = push.vapid_keys()
    assert VapidKeys.objects.count() == 1
    assert (second.public_key, second.private_key_pem) == (first.public_key, first.private_key_pem)


def test_several_processes_asking_at_once_make_one_pair(live_app):
    """Real processes on a database of their own (SQLite file or PostgreSQL), started
    together: each prints the key it got, and they all got the same one."""
    live_app.manage("migrate", "--noinput", timeout=300)
    command = [sys.executable, "manage.py", "make_vapid_keys"]
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=live_app.env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0] * 4
    keys = {re.search(r"Public key: (\S+)", output).group(1) for output in outputs}
    count = live_app.manage("shell", "-c", COUNT_KEYS)
    assert len(keys) == 1
    assert "KEYS 1" in count


def test_the_public_key_is_an_uncompressed_p256_point_for_application_server_key(db):
    raw = unb64url(push.vapid_keys().public_key)
    assert len(raw) == 65 and raw[0] == 4
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)


def test_the_public_key_belongs_to_the_stored_private_key(db):
    keys = push.vapid_keys()
    private = serialization.load_pem_private_key(keys.private_key_pem.encode(), password=None)
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert b64url(public) == keys.public_key


def test_the_command_makes_the_keys_and_prints_the_public_key(db):
    out = StringIO()
    call_command("make_vapid_keys", stdout=out)
    assert VapidKeys.objects.count() == 1
    assert f"Public key: {push.vapid_keys().public_key}" in out.getvalue()


def test_the_command_changes_nothing_when_the_keys_exist(db):
    keys = push.vapid_keys()
    out = StringIO()
    call_command("make_vapid_keys", stdout=out)
    assert push.vapid_keys().private_key_pem == keys.private_key_pem
    assert "already exist" in out.getvalue()


def test_rotating_makes_new_keys_and_says_every_device_must_subscribe_again(patient, browser):
    old = push.vapid_keys()
    a_device(patient, "https://push.example.net/send/1", browser)
    out = StringIO()
    call_command("make_vapid_keys", "--rotate", stdout=out)
    new = push.vapid_keys()
    assert new.public_key != old.public_key
    assert "every device must subscribe again" in out.getvalue()
    assert f"Public key: {new.public_key}" in out.getvalue()
    assert not PushSubscription.objects.exists()


# Adding, renaming and removing devices


def test_the_reminders_page_offers_this_device_with_the_public_key(patient_client):
    page = patient_client.get(reverse("diary:reminders")).content.decode()
    assert "Remind me on this device" in page
    assert f'data-public-key="{push.vapid_keys().public_key}"' in page
    assert 'src="/static/js/push.js"' in page


def test_the_reminders_page_says_adding_needs_javascript(patient_client):
    page = patient_client.get(reverse("diary:reminders")).content.decode()
    assert "Adding this device needs JavaScript" in page


def test_subscribing_keeps_the_device_named_after_the_browser(patient_client, patient, browser):
    response = subscribe(patient_client, browser.subscription_json())
    assert response.status_code == 201
    device = PushSubscription.objects.get()
    assert (device.owner, device.endpoint) == (patient, "https://push.example.net/send/abc123")
    assert (device.p256dh, device.auth) == (browser.p256dh, browser.auth)
    assert device.name == "Chrome on Android"
    assert response.json() == {"id": device.pk, "name": "Chrome on Android"}


def test_subscribing_the_same_browser_again_updates_its_keys_and_keeps_its_name(
    patient_client, patient, browser
):
    subscribe(patient_client, browser.subscription_json())
    PushSubscription.objects.update(name="Bedside phone")
    newer = Browser()
    subscribe(patient_client, newer.subscription_json())
    device = PushSubscription.objects.get()
    assert (device.name, device.p256dh) == ("Bedside phone", newer.p256dh)


def test_a_browser_reminds_only_the_account_that_subscribed_it_last(
    client, patient, stranger, browser
):
    a_device(stranger, "https://push.example.net/send/abc123", browser)
    client.force_login(patient)
    subscribe(client, browser.subscription_json())
    assert list(PushSubscription.objects.values_list("owner", flat=True)) == [patient.pk]


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        "[1, 2]",
        '{"subscription": "yes"}',
        '{"subscription": {"endpoint": 5, "keys": []}}',
        "\xff\xfe",
    ],
)
def test_a_body_that_is_not_a_subscription_is_a_400_with_a_message(patient_client, body):
    response = subscribe(patient_client, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_key_that_is_not_a_p256_point_is_a_400_that_says_so(patient_client, browser):
    data = browser.subscription_json()
    data["subscription"]["keys"]["p256dh"] = b64url(b"\x04" + b"\x01" * 64)
    response = subscribe(patient_client, data)
    assert response.status_code == 400
    assert "encryption key is not a valid key" in response.json()["error"]


def test_an_auth_secret_of_the_wrong_size_is_a_400(patient_client, browser):
    data = browser.subscription_json()
    data["subscription"]["keys"]["auth"] = b64url(b"short")
    response = subscribe(patient_client, data)
    assert response.status_code == 400
    assert "authentication secret" in response.json()["error"]


def test_a_push_address_that_is_not_https_is_a_400(patient_client, browser):
    response = subscribe(patient_client, browser.subscription_json("http://push.example.net/x"))
    assert response.status_code == 400
    assert "https://" in response.json()["error"]


def test_subscribing_needs_a_post_and_a_log_in(client, patient_client, browser):
    assert patient_client.get(reverse("diary:push_subscribe")).status_code == 405
    client.logout()
    response = subscribe(client, browser.subscription_json())
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_the_page_lists_the_patients_devices_and_not_anyone_elses(
    patient_client, patient, stranger, browser
):
    a_device(patient, "https://push.example.net/send/1", browser, name="Bedside phone")
    a_device(stranger, "https://push.example.net/send/2", browser, name="Stranger's laptop")
    page = patient_client.get(reverse("diary:reminders")).content.decode()
    assert 'value="Bedside phone"' in page
    assert "Stranger" not in page


def test_renaming_a_device(patient_client, patient, browser):
    device = a_device(patient, "https://push.example.net/send/1", browser)
    response = patient_client.post(
        reverse("diary:push_rename", args=[device.pk]), {"name": "Tablet"}
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.name == "Tablet"


def test_an_empty_name_is_refused_beside_the_field_and_nothing_changes(
    patient_client, patient, browser
):
    device = a_device(patient, "https://push.example.net/send/1", browser)
    response = patient_client.post(reverse("diary:push_rename", args=[device.pk]), {"name": "  "})
    assert response.status_code == 200
    assert "Give the device a name" in response.content.decode()
    device.refresh_from_db()
    assert device.name == "My phone"


def test_a_name_that_is_too_long_is_refused_with_the_typed_name_kept(
    patient_client, patient, browser
):
    device = a_device(patient, "https://push.example.net/send/1", browser)
    response = patient_client.post(
        reverse("diary:push_rename", args=[device.pk]), {"name": "x" * 81}
    )
    assert "under 80 characters" in response.content.decode()
    assert 'value="' + "x" * 81 + '"' in response.content.decode()


def test_removing_a_device(patient_client, patient, browser):
    device = a_device(patient, "https://push.example.net/send/1", browser)
    response = patient_client.post(reverse("diary:push_remove", args=[device.pk]))
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_another_patients_device_is_a_404_to_rename_or_remove(patient_client, stranger, browser):
    device = a_device(stranger, "https://push.example.net/send/1", browser)
    rename = patient_client.post(reverse("diary:push_rename", args=[device.pk]), {"name": "Mine"})
    remove = patient_client.post(reverse("diary:push_remove", args=[device.pk]))
    assert (rename.status_code, remove.status_code) == (404, 404)
    device.refresh_from_db()
    assert device.name == "My phone"


def test_deleting_an_account_deletes_its_devices(patient, browser):
    a_device(patient, "https://push.example.net/send/1", browser)
    patient.delete()
    assert not PushSubscription.objects.exists()


def test_the_admin_does_not_list_devices_or_keys(db):
    assert PushSubscription not in admin.site._registry
    assert VapidKeys not in admin.site._registry


# What a device receives


def test_the_device_decrypts_the_message_to_the_reminder_and_nothing_more(
    patient, browser, push_service
):
    a_device(patient, push_service.endpoint(), browser)
    delivered = push.send_push(
        patient, "Time for your check-in", "Two taps.", "/diary/check-in/", tag="check-in"
    )
    assert delivered == 1
    (request,) = push_service.requests
    assert request["headers"]["Content-Encoding"] == "aes128gcm"
    assert json.loads(browser.decrypt(request["body"])) == {
        "title": "Time for your check-in",
        "body": "Two taps.",
        "url": "/diary/check-in/",
        "tag": "check-in",
    }


def test_the_message_asks_the_push_service_to_keep_it_four_hours_at_normal_urgency(
    patient, browser, push_service
):
    a_device(patient, push_service.endpoint(), browser)
    push.send_push(patient, "Time for your check-in", "", "/diary/")
    headers = push_service.requests[0]["headers"]
    assert (headers["TTL"], headers["Urgency"]) == (str(4 * 60 * 60), "normal")


def test_the_message_is_signed_with_the_stored_vapid_key(patient, browser, push_service):
    a_device(patient, push_service.endpoint(), browser)
    push.send_push(patient, "Time for your check-in", "", "/diary/")
    scheme, params = push_service.requests[0]["headers"]["Authorization"].split(" ", 1)
    fields = dict(part.split("=", 1) for part in params.split(","))
    assert scheme == "vapid"
    assert fields["k"] == push.vapid_keys().public_key

    header, claims, signature = fields["t"].split(".")
    stored = serialization.load_pem_private_key(
        push.vapid_keys().private_key_pem.encode(), password=None
    )
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    stored.public_key().verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(unb64url(claims))
    assert claims["aud"] == f"http://127.0.0.1:{push_service.server.server_port}"
    assert claims["sub"] == "mailto:unknot@localhost"  # from DEFAULT_FROM_EMAIL


def test_every_device_of_the_patient_gets_it_and_the_time_is_noted(
    patient, stranger, browser, push_service
):
    mine = [a_device(patient, push_service.endpoint(f"d{n}"), browser, f"d{n}") for n in (1, 2)]
    a_device(stranger, push_service.endpoint("theirs"), browser)
    assert push.send_push(patient, "Time for your check-in", "", "/diary/") == 2
    assert sorted(r["path"] for r in push_service.requests) == ["/push/d1", "/push/d2"]
    for device in mine:
        device.refresh_from_db()
        assert device.last_success_at is not None


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_the_push_service_says_is_gone_is_removed(patient, browser, push_service, status):
    a_device(patient, push_service.endpoint(), browser)
    push_service.status = status
    assert push.send_push(patient, "Time for your check-in", "", "/diary/") == 0
    assert not PushSubscription.objects.exists()


def test_a_failing_device_is_kept_and_does_not_stop_the_others(
    patient, browser, push_service, caplog
):
    unreachable = a_device(patient, "http://127.0.0.1:9/push/nobody", browser, "Old tablet")
    a_device(patient, push_service.endpoint(), browser, "Phone")
    assert push.send_push(patient, "Time for your check-in", "", "/diary/") == 1
    assert PushSubscription.objects.filter(pk=unreachable.pk).exists()
    assert f"Push to device {unreachable.pk} failed" in caplog.text


def test_a_refused_message_is_logged_and_the_device_kept(patient, browser, push_service, caplog):
    device = a_device(patient, push_service.endpoint(), browser)
    push_service.status = 500
    assert push.send_push(patient, "Time for your check-in", "", "/diary/") == 0
    assert PushSubscription.objects.filter(pk=device.pk).exists()
    assert "(HTTP 500)" in caplog.text


def test_a_patient_with_no_device_gets_nothing_and_nothing_fails(patient):
    assert push.send_push(patient, "Time for your check-in", "", "/diary/") == 0


def test_the_device_name_comes_from_the_browser():
    assert push.device_name(CHROME_ON_ANDROID) == "Chrome on Android"
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Version/17.0 "
        "Safari/604.1"
    )
    assert push.device_name(iphone) == "Safari on iPhone"
    assert push.device_name("") == "This device"
