"""Unknot on a phone's home screen, and what happens when the network goes.

Chromium itself is asked whether the site can be installed. Offline, a page that
cannot load shows Unknot's own offline page (kept by the service worker) instead of
the browser's error, and a full form sent while offline is not lost: it stays on
screen as it was filled in, with a plain message, and can be sent again once back
online. (A quick spasm, a dose and a check-in are kept on the device and sent by
themselves: tests/browser/test_offline_logging.py.)
"""

import re
import struct

from playwright.sync_api import expect

from diary.models import Spasm
from tests.browser.a11y import (
    PHONE,
    assert_accessible,
    log_in,
    new_page,
    wait_for_the_service_worker,
)

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


def test_a_full_form_sent_offline_keeps_what_was_filled_in(browser, live_server, patient):
    page = new_page(browser, live_server, PHONE)
    log_in(page, patient.username)
    wait_for_the_service_worker(page)
    page.goto(page.base + "/diary/spasms/new/")
    intensity = page.get_by_role("group", name=re.compile("^How bad was it"))
    intensity.get_by_label("7", exact=True).check()
    page.get_by_role("group", name=re.compile("^Where")).get_by_label("Neck").check()
    page.get_by_label("Note").fill("After carrying the shopping")

    page.context.set_offline(True)
    page.get_by_role("button", name="Save").first.tap()
    expect(page.get_by_role("alert")).to_have_text(OFFLINE_MESSAGE)
    expect(page).to_have_url(re.compile(r"/diary/spasms/new/$"))
    expect(intensity.get_by_label("7", exact=True)).to_be_checked()
    expect(page.get_by_label("Note")).to_have_value("After carrying the shopping")
    assert not Spasm.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_role("alert")).to_have_text(ONLINE_MESSAGE)
    page.get_by_role("button", name="Save").first.tap()
    expect(page.locator("#quick-log")).to_contain_text("Neck: 7 out of 10")
    assert Spasm.objects.get(owner=patient).note == "After carrying the shopping"
    page.context.close()
