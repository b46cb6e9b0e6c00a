"""The calm line after a log that may need more than self-care, in a real Chromium:
it shows under "Saved", names the host's number, and leads to the right tier of
When to get help."""

import re

from playwright.sync_api import expect

from diary.models import CheckIn, Spasm
from tests.browser.a11y import assert_accessible, load_guide


def test_a_strong_chest_spasm_leads_to_the_call_now_tier(logged_in_site, patient, settings):
    settings.EMERGENCY_NUMBER = "999"
    load_guide()
    site = logged_in_site
    quick_log = site.locator("#quick-log")

    quick_log.locator(".area-list").get_by_role("link", name="Chest").click()
    quick_log.get_by_role("button", name=re.compile(r"^8\b")).click()

    line = quick_log.locator(".safety-line")
    expect(line).to_contain_text("or trouble breathing, call 999 now.")
    assert Spasm.objects.get(owner=patient).intensity == 8
    assert_accessible(site, "the dashboard with a safety line")
    line.get_by_role("link", name="When to call for help now").click()
    expect(site).to_have_url(re.compile(r"/learn/when-to-seek-care/#emergency$"))
    expect(site.locator("h2#emergency")).to_have_text("Call 999 now")


def test_a_check_in_with_the_lowest_mood_names_the_crisis_line(logged_in_site, patient, settings):
    settings.CRISIS_LINE = "Samaritans 116 123"
    settings.EMERGENCY_NUMBER = "999"
    load_guide()
    site = logged_in_site
    site.get_by_role("link", name="Check in for today").click()

    site.get_by_role("group", name=re.compile("^Mood")).get_by_label("0", exact=True).check()
    site.get_by_role("button", name="Save check-in").click()

    messages = site.locator(".messages")
    expect(messages).to_contain_text("Check-in saved. Thank you.")
    expect(messages).to_contain_text("call Samaritans 116 123 or 999 now.")
    assert CheckIn.objects.get(owner=patient).mood == 0
    messages.get_by_role("link", name="Where to get help").click()
    expect(site).to_have_url(re.compile(r"/learn/when-to-seek-care/#crisis$"))
    expect(site.locator("h3#crisis")).to_be_visible()


def test_a_patient_who_turned_the_lines_off_logs_without_one(logged_in_site, patient):
    site = logged_in_site
    site.get_by_role("link", name="Account").click()
    site.get_by_label("After a log that may need help, show where to get it").uncheck()
    site.get_by_role("button", name="Save").click()
    site.goto(site.base + "/diary/")
    quick_log = site.locator("#quick-log")

    quick_log.locator(".area-list").get_by_role("link", name="Chest").click()
    quick_log.get_by_role("button", name=re.compile(r"^9\b")).click()

    expect(quick_log.get_by_text("Chest: 9 out of 10 (severe)")).to_be_visible()
    expect(quick_log.locator(".safety-line")).to_have_count(0)
