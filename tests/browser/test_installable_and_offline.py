"""Unknot on a phone's home screen, and what happens when the network goes.

Chromium itself is asked whether the site can be installed. Offline, a page that
cannot load shows Unknot's own offline page (kept by the service worker) instead of
the browser's error, and a form sent while offline is not lost: it stays on screen as
it was filled in, with a plain message, and can be sent again once back online. We
chose that over queueing: nothing is saved behind the patient's back, and the page
never claims a save that has not happened.
"""

import re
import struct

from playwright.sync_api import expect

from diary.models import CheckIn, Spasm
from tests.browser.a11y import PHONE, TIMEOUT, assert_accessible, log_in, new_page
from tests.live_server import wait_until

OFFLINE_MESSAGE = "You're offline — nothing was saved yet. Try again when you're back online."
ONLINE_MESSAGE = "You're back online. Nothing was saved yet: try again now."


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_chromium_finds_the_site_installable(site):
    site.goto(site.base + "/")
    cdp = site.context.new_cdp_session(site)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    errors = [
        e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    ]
    # Playwright's contexts are like incognito windows, where nothing can be installed.
    assert set(errors) <= {"in-incognito"}, errors

    data = site.request.get(site.base + "/manifest.webmanifest").json()
    assert data["name"] == data["short_name"] == "Unknot"
    assert (data["start_url"], data["scope"], data["display"]) == ("/diary/", "/", "standalone")
    assert data["theme_color"] == "#1f5f8b" and data["background_color"] == "#ffffff"
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in data["icons"]}
    assert set(icons) == {
        (size, purpose) for size in ("192x192", "512x512") for purpose in ("any", "maskable")
    }
    for (sizes, _), src in icons.items():
        response = site.request.get(site.base + src)
        assert response.headers["content-type"] == "image/png"
        assert "x".join(map(str, png_size(response.body()))) == sizes

    expect(site.locator('meta[name="theme-color"]').first).to_have_attribute("content", "#1f5f8b")
    touch_icon = site.locator('link[rel="apple-touch-icon"]').get_attribute("href")
    assert png_size(site.request.get(site.base + touch_icon).body()) == (180, 180)


def test_the_service_worker_is_served_from_the_root(site):
    response = site.request.get(site.base + "/sw.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert '"/offline/"' in response.text()


def wait_for_the_service_worker(page):
    # Asked from here rather than with page.wait_for_function: that polls by compiling the
    # expression inside the page, which our Content Security Policy (rightly) refuses.
    controlled = "navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    for _attempt in range(2):
        if wait_until(lambda: page.evaluate(controlled), timeout=TIMEOUT / 1000 / 2):
            return
        # An install whose precache fetch was lost on a busy machine is tried again
        # on the next page load, as it would be for a person.
        page.reload()
    assert wait_until(lambda: page.evaluate(controlled), timeout=TIMEOUT / 1000 / 2)


def test_offline_a_page_shows_unknots_offline_page_then_loads_when_back(
    browser, live_server, patient
):
    page = new_page(browser, live_server, PHONE)
    log_in(page, patient.username)
    wait_for_the_service_worker(page)

    page.context.set_offline(True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page).to_have_url(re.compile(r"/diary/insights/$"))
    # Styled by the kept CSS, not the browser's bare page.
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "17px"
    assert_accessible(page, "the offline page, offline")

    page.context.set_offline(False)
    page.get_by_role("link", name="Try again").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("What your diary shows")
    page.context.close()


def test_a_quick_log_sent_offline_stays_on_screen_and_saves_once_back_online(
    browser, live_server, patient
):
    page = new_page(browser, live_server, PHONE)
    log_in(page, patient.username)
    quick_log = page.locator("#quick-log")
    quick_log.locator(".area-list").get_by_role("link", name="Neck").tap()
    six = quick_log.get_by_role("button", name=re.compile(r"^6\b"))
    expect(six).to_be_visible()  # the area's question has arrived before the network goes

    page.context.set_offline(True)
    six.tap()
    expect(quick_log.get_by_role("alert")).to_have_text(OFFLINE_MESSAGE)
    expect(quick_log.get_by_text("How bad is it in your neck?")).to_be_visible()
    assert not Spasm.objects.exists()
    assert_accessible(page, "the quick log with the offline message")

    page.context.set_offline(False)
    expect(quick_log.get_by_role("alert")).to_have_text(ONLINE_MESSAGE)
    six.tap()
    expect(quick_log.get_by_text("Neck: 6 out of 10")).to_be_visible()
    assert Spasm.objects.get(owner=patient).intensity == 6
    page.context.close()


def test_a_full_form_sent_offline_keeps_what_was_filled_in(browser, live_server, patient):
    page = new_page(browser, live_server, PHONE)
    log_in(page, patient.username)
    wait_for_the_service_worker(page)
    page.goto(page.base + "/diary/check-in/")
    stress = page.get_by_role("group", name=re.compile("^Stress"))
    stress.get_by_label("3", exact=True).check()
    page.get_by_label("Note").fill("Slept badly, tense shoulders")

    page.context.set_offline(True)
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.get_by_role("alert")).to_have_text(OFFLINE_MESSAGE)
    expect(page).to_have_url(re.compile(r"/diary/check-in/$"))
    expect(stress.get_by_label("3", exact=True)).to_be_checked()
    expect(page.get_by_label("Note")).to_have_value("Slept badly, tense shoulders")
    assert not CheckIn.objects.exists()

    page.context.set_offline(False)
    page.get_by_role("button", name="Save check-in").tap()
    expect(page.locator("#today")).to_contain_text("You have checked in today.")
    check_in = CheckIn.objects.get(owner=patient)
    assert (check_in.stress, check_in.note) == (3, "Slept badly, tense shoulders")
    page.context.close()


def test_when_the_server_cannot_be_reached_the_quick_log_says_it_may_not_have_saved(
    browser, live_server, patient
):
    # The browser believes it is online, but the request never arrives.
    page = new_page(browser, live_server, service_workers="block")
    log_in(page, patient.username)
    page.route("**/diary/spasms/quick/", lambda route: route.abort("connectionreset"))
    quick_log = page.locator("#quick-log")
    quick_log.locator(".area-list").get_by_role("link", name="Chest").click()
    quick_log.get_by_role("button", name=re.compile(r"^2\b")).click()

    expect(quick_log.get_by_role("alert")).to_have_text(
        "Unknot could not be reached, so this may not have been saved. "
        "Check your connection and try again."
    )
    expect(quick_log.get_by_text("How bad is it in your chest?")).to_be_visible()
    page.context.close()
