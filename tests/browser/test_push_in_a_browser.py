"""A reminder that reaches the phone: "Remind me on this device" in a real Chromium,
then a push message delivered to Unknot's service worker through the DevTools
protocol (as a push service would), which shows it as a notification.

Chromium refuses to subscribe in Playwright's contexts ("AbortError: Registration
failed - permission denied": they are off-the-record profiles, where Chrome has no
push service, and Debian's headless build could not reach Google's anyway). The
page then says so plainly, and the test makes the device row on the server, so the
delivery part still runs. A second test stands in for the browser's push service
only (PushManager.subscribe answers a subscription with keys made here) to follow
the page's own script from the button to the saved device.
"""

import base64
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect

from diary.models import PushSubscription
from tests.browser.a11y import (
    PHONE,
    TIMEOUT,
    assert_accessible,
    log_in,
    new_page,
    wait_for_the_service_worker,
)
from tests.live_server import wait_until

REMINDER = {
    "title": "Time for your check-in",
    "body": "Two taps.",
    "url": "/diary/check-in/",
    "tag": "check-in",
}
SHOWN = """navigator.serviceWorker.ready
  .then(function (registration) { return registration.getNotifications(); })
  .then(function (list) {
    return list.map(function (n) {
      return {title: n.title, body: n.body, tag: n.tag, url: (n.data || {}).url};
    });
  })"""
COULD_NOT = "This device could not be set up for reminders."


def a_device(owner, name):
    """A device row as a subscribing browser would leave it (its push address is
    never called in these tests)."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return PushSubscription.objects.create(
        owner=owner,
        endpoint=f"https://push.example.net/send/{owner.pk}-{len(name)}",
        p256dh=b64url(raw),
        auth=b64url(bytes(16)),
        name=name,
    )


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def a_phone(browser, live_server):
    page = new_page(browser, live_server, PHONE)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    return page


def press_remind_me(page, patient):
    page.goto(page.base + "/diary/reminders/")
    wait_for_the_service_worker(page)
    page.get_by_role("button", name="Remind me on this device").click()
    status = page.locator("[data-push-status]")
    subscribed = wait_until(
        lambda: (
            PushSubscription.objects.filter(owner=patient).exists()
            or COULD_NOT in (status.text_content() or "")
        ),
        timeout=TIMEOUT / 1000,
    )
    assert subscribed, status.text_content()
    return PushSubscription.objects.filter(owner=patient).first()


def the_workers_registration(page, cdp, origin):
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    scope = origin + "/"
    # Playwright hands over the protocol's events while it talks to the browser:
    # each look asks the page something, so the events come in.
    found = wait_until(
        lambda: (
            page.evaluate("1")
            and any(r["scopeURL"] == scope and not r["isDeleted"] for r in registrations)
        ),
        timeout=TIMEOUT / 1000,
    )
    assert found, registrations
    return next(r["registrationId"] for r in registrations if r["scopeURL"] == scope)


def test_a_push_reminder_reaches_the_service_worker_and_is_shown(browser, live_server, patient):
    page = a_phone(browser, live_server)
    log_in(page, patient.username)
    device = press_remind_me(page, patient)
    if device is None:
        # Chromium could not reach a push service: the page said so; carry on with a
        # device made on the server, as the push service's address does not matter here.
        expect(page.locator("[data-push-status]")).to_contain_text(COULD_NOT)
        device = a_device(patient, "Headless Chromium")
    else:
        expect(page.get_by_label("Name of this device")).to_have_value(device.name)

    cdp = page.context.new_cdp_session(page)
    registration_id = the_workers_registration(page, cdp, live_server.url)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration_id,
            "data": json.dumps(REMINDER),
        },
    )
    shown = []
    assert wait_until(lambda: shown.extend(page.evaluate(SHOWN)) or shown, timeout=TIMEOUT / 1000)
    assert shown == [REMINDER]
    page.context.close()


# The browser's side of pushManager.subscribe, for a browser with no push service:
# the page's script (static/js/push.js) runs unchanged around it.
FAKE_PUSH_SERVICE = """
(function (subscription) {
  var made = null;
  PushManager.prototype.getSubscription = function () { return Promise.resolve(made); };
  PushManager.prototype.subscribe = function (options) {
    made = {
      endpoint: subscription.endpoint,
      options: options,
      toJSON: function () { return subscription; },
      unsubscribe: function () { made = null; return Promise.resolve(true); },
    };
    return Promise.resolve(made);
  };
})(%s);
"""


def test_the_button_sends_the_browsers_subscription_and_lists_the_device(
    browser, live_server, patient
):
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    subscription = {
        "endpoint": "https://push.example.net/send/from-the-page",
        "expirationTime": None,
        "keys": {"p256dh": b64url(raw), "auth": b64url(bytes(range(16)))},
    }
    page = a_phone(browser, live_server)
    page.context.add_init_script(FAKE_PUSH_SERVICE % json.dumps(subscription))
    log_in(page, patient.username)
    device = press_remind_me(page, patient)
    assert device is not None
    assert (device.endpoint, device.p256dh) == (subscription["endpoint"], b64url(raw))
    # The page comes back with the server's word and the device in the list.
    expect(page.get_by_text("Reminders will come to this device")).to_be_visible()
    expect(page.get_by_label("Name of this device")).to_have_value(device.name)
    assert "Chrom" in device.name
    page.context.close()


def test_the_reminders_page_with_devices_is_accessible(browser, live_server, patient):
    a_device(patient, "Bedside phone")
    page = a_phone(browser, live_server)
    log_in(page, patient.username)
    page.goto(page.base + "/diary/reminders/")
    expect(page.get_by_role("button", name="Remind me on this device")).to_be_visible()
    expect(page.get_by_label("Name of this device")).to_have_value("Bedside phone")
    assert_accessible(page)
    page.context.close()


def test_renaming_and_removing_a_device_work_in_the_browser(browser, live_server, patient):
    a_device(patient, "Bedside phone")
    page = a_phone(browser, live_server)
    log_in(page, patient.username)
    page.goto(page.base + "/diary/reminders/")
    page.get_by_label("Name of this device").fill("Kitchen tablet")
    page.get_by_role("button", name="Rename Bedside phone").click()
    expect(page.get_by_text("Renamed to “Kitchen tablet”.")).to_be_visible()
    page.get_by_role("button", name="Remove Kitchen tablet").click()
    expect(page.get_by_text("“Kitchen tablet” will get no more reminders.")).to_be_visible()
    expect(page.get_by_text("No device yet.")).to_be_visible()
    assert not PushSubscription.objects.exists()
    page.context.close()
