"""Flare mode in Chromium: opened from the manifest's shortcut, "same as last time"
and a number save a spasm in the last spasm's areas in two taps; big targets, a dark
page, and the same taps by keyboard and without JavaScript."""

import re

from playwright.sync_api import expect

from diary.models import Spasm
from tests.browser import a11y


def flare_url_from_the_manifest(page):
    manifest = page.request.get(page.base + "/manifest.webmanifest").json()
    (shortcut,) = [s for s in manifest["shortcuts"] if s["name"] == "Log in a flare"]
    return page.base + shortcut["url"]


def the_new_spasm(patient, before):
    spasm = Spasm.objects.owned_by(patient).exclude(pk=before.pk).get()
    return sorted(area.slug for area in spasm.body_areas.all()), spasm.intensity, spasm.kind


def height(locator):
    return locator.bounding_box()["height"]


def test_from_the_shortcut_same_as_last_time_in_two_taps(phone_site, patient, make_spasm):
    last = make_spasm(patient, areas=["left-hand", "right-hand"], kind=Spasm.Kind.CRAMP)
    a11y.log_in(phone_site, patient.username)
    phone_site.goto(flare_url_from_the_manifest(phone_site))

    phone_site.get_by_role("link", name="Same as last time").tap()  # 1
    phone_site.get_by_role("button", name=re.compile(r"^7$")).tap()  # 2: saved

    expect(phone_site.get_by_role("status")).to_contain_text("Saved.")
    expect(phone_site.get_by_role("button", name="Undo")).to_be_visible()
    assert the_new_spasm(patient, last) == (["left-hand", "right-hand"], 7, Spasm.Kind.CRAMP)


def test_the_chromium_manifest_parser_accepts_the_shortcut(site):
    cdp = site.context.new_cdp_session(site)
    site.goto(site.base + "/")

    manifest = cdp.send("Page.getAppManifest")

    assert manifest["errors"] == []


def test_areas_are_very_large_and_numbers_large_on_a_dark_page(phone_site, patient, make_spasm):
    make_spasm(patient, areas=["neck"])
    a11y.log_in(phone_site, patient.username)
    phone_site.goto(phone_site.base + "/diary/flare/")

    areas = phone_site.locator(".flare__area")
    expect(areas.first).to_be_visible()
    assert all(height(areas.nth(i)) >= 88 for i in range(areas.count()))
    assert height(phone_site.get_by_role("link", name="Same as last time")) >= 88
    background = phone_site.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"

    areas.first.tap()
    numbers = phone_site.locator(".flare__number")
    expect(numbers).to_have_count(11)
    for i in range(11):
        box = numbers.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44


def test_the_page_is_dark_when_the_phone_asks_for_dark(browser, live_server, patient):
    page = a11y.new_page(browser, live_server, a11y.PHONE, color_scheme="dark")
    a11y.log_in(page, patient.username)
    page.goto(page.base + "/diary/flare/")

    background = page.evaluate("getComputedStyle(document.body).backgroundColor")

    assert background == "rgb(18, 20, 23)"
    a11y.assert_accessible(page)
    page.context.close()


def test_by_keyboard_alone(site, patient, make_spasm):
    last = make_spasm(patient, areas=["neck", "upper-back"])
    a11y.log_in(site, patient.username)
    site.goto(site.base + "/diary/flare/")
    same = site.get_by_role("link", name="Same as last time")
    for _ in range(40):
        site.keyboard.press("Tab")
        if same.evaluate("element => element === document.activeElement"):
            break
    site.keyboard.press("Enter")

    zero = site.get_by_role("button", name=re.compile(r"^0$"))
    expect(zero).to_be_focused()
    for _ in range(5):
        site.keyboard.press("Tab")
    site.keyboard.press("Enter")

    expect(site.get_by_role("status")).to_contain_text("Saved.")
    assert the_new_spasm(patient, last) == (["neck", "upper-back"], 5, "")


def test_without_javascript_an_area_then_a_number(browser, live_server, patient):
    page = a11y.new_page(browser, live_server, java_script_enabled=False)
    a11y.log_in(page, patient.username)
    page.goto(page.base + "/diary/flare/")

    page.get_by_role("link", name="Lower back").click()
    page.get_by_role("button", name=re.compile(r"^3$")).click()

    expect(page.get_by_role("status")).to_contain_text("Lower back: 3")
    spasm = Spasm.objects.get(owner=patient)
    assert ([a.slug for a in spasm.body_areas.all()], spasm.intensity) == (["lower-back"], 3)
    page.context.close()
