"""Several areas before the number, in a browser: with htmx (no reload) and with
JavaScript switched off (plain links and a plain form)."""

import re

import pytest
from playwright.sync_api import expect

from diary.models import Spasm
from tests.browser import a11y


def saved_spasm(patient):
    spasm = Spasm.objects.get(owner=patient)
    return sorted(area.slug for area in spasm.body_areas.all()), spasm.intensity


def choose_neck_then_add_lower_back(page):
    quick_log = page.locator("#quick-log")
    quick_log.locator(".area-list").get_by_role("link", name="Neck", exact=True).click()
    expect(quick_log.locator("#intensity-legend")).to_have_text("Neck: how bad is it?")

    quick_log.get_by_text("Add another area").click()
    quick_log.get_by_role("link", name="Add lower back").click()
    expect(quick_log.locator("#intensity-legend")).to_have_text(
        "Neck and Lower back: how bad is it?"
    )
    return quick_log


def test_with_htmx_two_areas_then_one_number_saves_one_spasm(site, patient):
    a11y.log_in(site, patient.username)
    site.evaluate("window.stillTheSamePage = true")

    quick_log = choose_neck_then_add_lower_back(site)
    five = quick_log.get_by_role("button", name=re.compile(r"^5\b"))
    expect(five).to_have_attribute(
        "data-offline-label", "Spasm in Neck and Lower back: 5 out of 10"
    )
    five.click()

    expect(quick_log.locator(".saved")).to_contain_text("5 out of 10")
    assert site.evaluate("window.stillTheSamePage") is True
    assert saved_spasm(patient) == (["lower-back", "neck"], 5)


def test_an_added_area_can_be_taken_off_before_the_number(site, patient):
    a11y.log_in(site, patient.username)

    quick_log = choose_neck_then_add_lower_back(site)
    quick_log.get_by_role("link", name="Remove neck").click()
    expect(quick_log.locator("#intensity-legend")).to_have_text("Lower back: how bad is it?")
    quick_log.get_by_role("button", name=re.compile(r"^3\b")).click()

    expect(quick_log.locator(".saved")).to_contain_text("Lower back: 3 out of 10")
    assert saved_spasm(patient) == (["lower-back"], 3)


@pytest.fixture
def no_script_site(browser, live_server):
    page = a11y.new_page(browser, live_server, java_script_enabled=False)
    yield page
    page.context.close()


def test_without_javascript_the_same_taps_work_as_plain_links(no_script_site, patient):
    a11y.log_in(no_script_site, patient.username)

    quick_log = choose_neck_then_add_lower_back(no_script_site)
    quick_log.get_by_role("button", name=re.compile(r"^7\b")).click()

    expect(no_script_site.locator("#quick-log .saved")).to_contain_text("7 out of 10")
    assert saved_spasm(patient) == (["lower-back", "neck"], 7)
