"""The strict Content Security Policy breaks nothing: a real browser walks the diary
(htmx included) and the admin (date pickers, filters, the two-box selector) and sees no
violation, while a deliberate inline style is reported, so the listener does listen."""

import re

from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PASSWORD

PASSWORD_FIELD = re.compile(r"^\s*Password\W*$")


def is_a_violation(message):
    return "Content Security Policy" in message.text


def listen_for_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}") if is_a_violation(message) else None
        ),
    )
    return violations


def test_the_diary_works_under_the_policy(logged_in_site):
    site = logged_in_site
    violations = listen_for_violations(site)

    site.goto(site.base + "/diary/")
    site.locator("#quick-log a[href^='?area=']").first.dispatch_event("click")
    expect(site.locator("#quick-log .intensity").first).to_be_visible()
    site.locator("#quick-log .intensity").nth(4).click()
    expect(site.locator("#quick-log .saved")).to_be_visible()
    for path in (
        "/diary/history/",
        "/diary/insights/",
        "/diary/report/",
        "/diary/sharing/",
        "/diary/medications/",
        "/diary/spasms/new/",
        "/diary/check-in/",
        "/learn/",
    ):
        site.goto(site.base + path)
        site.wait_for_load_state("networkidle")

    assert violations == []
    with site.expect_console_message(is_a_violation):
        site.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
        )
    assert violations, "the listener hears a violation when there is one"


def test_the_admin_works_under_the_policy(site, host, settings):
    settings.STAFF_2FA = True
    violations = listen_for_violations(site)

    site.goto(site.base + "/admin/")
    site.get_by_label("Username").fill(host.username)
    site.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    site.get_by_role("button", name="Log in").click()
    # First sign-in: add the authenticator app, with the code it would show.
    expect(site.locator("img.otp-qr")).to_be_visible()
    device = TOTPDevice.objects.get(user=host)
    site.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    site.get_by_role("button", name="Add my app").click()
    expect(site.get_by_text("Site administration")).to_be_visible()

    site.goto(site.base + "/admin/diary/invitation/add/")
    site.locator(".datetimeshortcuts a").nth(1).click()  # the calendar
    site.locator(".calendarbox a", has_text=str(timezone.localdate().day)).first.click()
    site.goto(site.base + "/admin/auth/group/add/")
    site.locator("#id_permissions_input").fill("spasm")
    site.locator(".selector-chooseall").first.click()
    for path in ("/admin/diary/spasm/", "/admin/diary/user/", "/admin/diary/sharedpatient/"):
        site.goto(site.base + path)
        site.wait_for_load_state("networkidle")

    assert violations == []
