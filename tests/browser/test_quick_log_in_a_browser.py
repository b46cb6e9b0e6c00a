"""A spasm logged from the dashboard in at most three interactions, by mouse, by
touch on a phone-sized screen and by keyboard alone, without a page reload."""

import re
from datetime import timedelta

from django.db.models import F
from playwright.sync_api import expect

from diary.models import Spasm, SpasmTimer
from tests.browser import a11y


def log_in(page, user):
    a11y.log_in(page, user.username)
    # If the page reloads, this marker disappears: the tests below check it stays.
    page.evaluate("window.stillTheSamePage = true")


def saved_spasm(patient):
    spasm = Spasm.objects.get(owner=patient)
    return [area.slug for area in spasm.body_areas.all()], spasm.intensity


def test_by_mouse_tap_the_body_map_then_the_number(site, patient):
    log_in(site, patient)
    quick_log = site.locator("#quick-log")

    quick_log.get_by_role("link", name="Left calf or shin").first.click()  # 1: where
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).click()  # 2: how bad, saved

    expect(quick_log.get_by_text("Left calf or shin: 6 out of 10")).to_be_visible()
    expect(site.locator("#today")).to_contain_text("1 spasm so far")
    assert site.evaluate("window.stillTheSamePage") is True
    assert saved_spasm(patient) == (["left-lower-leg"], 6)


def test_by_touch_on_a_phone(phone_site, patient):
    log_in(phone_site, patient)
    quick_log = phone_site.locator("#quick-log")

    quick_log.locator("svg a[aria-label='Neck'] path").first.tap()  # 1: where
    quick_log.get_by_role("button", name=re.compile(r"^8\b")).tap()  # 2: how bad, saved

    expect(quick_log.get_by_text("Neck: 8 out of 10 (severe)")).to_be_visible()
    assert saved_spasm(patient) == (["neck"], 8)


def test_by_keyboard_alone(site, patient):
    log_in(site, patient)
    lower_back = site.locator("#quick-log .area-list").get_by_role("link", name="Lower back")
    for _ in range(80):
        site.keyboard.press("Tab")
        if lower_back.evaluate("element => element === document.activeElement"):
            break
    site.keyboard.press("Enter")  # 1: where

    zero = site.locator("#quick-log").get_by_role("button", name=re.compile(r"^0\b"))
    expect(zero).to_be_focused()
    for _ in range(3):
        site.keyboard.press("Tab")
    site.keyboard.press("Enter")  # 2: how bad, saved

    expect(site.locator("#quick-log .saved")).to_contain_text("Lower back: 3 out of 10")
    assert saved_spasm(patient) == (["lower-back"], 3)


def test_without_javascript_the_same_taps_work(browser, live_server, patient):
    page = a11y.new_page(browser, live_server, java_script_enabled=False)
    a11y.log_in(page, patient.username)

    page.locator("#quick-log .area-list").get_by_role("link", name="Chest").click()
    page.get_by_role("button", name=re.compile(r"^2\b")).click()

    expect(page.locator("#quick-log .saved")).to_contain_text("Chest: 2 out of 10")
    assert saved_spasm(patient) == (["chest"], 2)
    page.context.close()


def test_the_spasm_timer_survives_a_reload_and_fills_the_duration(site, patient):
    log_in(site, patient)
    site.get_by_role("button", name="Start a spasm timer").click()
    expect(site.get_by_text("Timing a spasm since")).to_be_visible()
    # As if the spasm had gone on for a minute and a half, instead of waiting for it.
    SpasmTimer.objects.filter(owner=patient).update(
        started_at=F("started_at") - timedelta(seconds=90)
    )
    site.reload()

    it_stopped = site.get_by_role("button", name="It stopped")
    expect(it_stopped).to_be_visible()
    it_stopped.click()
    neck = site.locator("#quick-log .area-list").get_by_role("link", name="Neck")
    expect(neck).to_be_visible()
    neck.click()
    site.locator("#quick-log").get_by_role("button", name=re.compile(r"^5\b")).click()

    expect(site.locator("#quick-log .saved")).to_contain_text("It lasted")
    assert Spasm.objects.get(owner=patient).duration_seconds >= 90
