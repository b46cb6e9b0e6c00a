"""The insights page's newer sections in a real Chromium, with axe: a day or two later,
the check-ins over time with their numbers shown, the calendar, and medicines and
spasms, on a 75-day demo diary."""

import random

from playwright.sync_api import expect

from diary.demo.builder import build_diary
from tests.browser.a11y import assert_accessible


def test_the_delayed_effects_trends_calendar_and_medicines_are_accessible(logged_in_site, patient):
    build_diary(patient, 75, random.Random(7))
    site = logged_in_site

    site.goto(site.base + "/diary/insights/?days=90")
    for name in ("A day or two later", "Your check-ins over time", "Calendar of spasm days"):
        expect(site.get_by_role("heading", name=name, level=2)).to_be_visible()
    expect(site.get_by_role("heading", name="Medicines and spasms", level=2)).to_be_visible()
    expect(site.get_by_role("table", name="Poor sleep")).to_be_visible()
    for summary in site.locator(".check-in-trend summary").all():
        summary.click()
    expect(site.get_by_role("table", name="Hours slept: each day with a check-in")).to_be_visible()

    assert_accessible(site, "insights with delayed effects, trends and medicines")
