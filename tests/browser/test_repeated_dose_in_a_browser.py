"""A dose tapped twice asks before the second is saved, and a dose can be undone: in a real
Chromium, with htmx swapping the medicines panel, and with JavaScript off (plain forms)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from diary.models import Dose, Medication
from tests.browser.a11y import assert_accessible, log_in, new_page

QUESTION = "You logged this a moment ago — log another?"


@pytest.fixture
def baclofen(patient):
    return Medication.objects.create(
        owner=patient, name="Baclofen", usual_amount=Decimal("10"), usual_unit="mg"
    )


def medicines(page):
    return page.locator("#doses")


def took(page):
    return page.get_by_role("button", name="Took my Baclofen (10 mg)")


def test_a_second_tap_asks_yes_saves_another_and_undo_takes_it_back(
    logged_in_site, patient, baclofen
):
    site = logged_in_site
    site.goto(site.base + "/diary/")

    took(site).click()
    expect(medicines(site).locator(".saved")).to_contain_text("Baclofen 10 mg at")
    expect(site.locator("#today")).to_contain_text("1 dose taken")

    took(site).click()
    expect(medicines(site).locator(".repeat-question")).to_contain_text(QUESTION)
    assert_accessible(site, "the dashboard asking about a repeated dose")
    assert Dose.objects.filter(owner=patient).count() == 1

    medicines(site).get_by_role("button", name="Yes, log another").click()
    expect(medicines(site).locator(".repeat-question")).to_have_count(0)
    expect(site.locator("#today")).to_contain_text("2 doses taken")
    assert Dose.objects.filter(owner=patient).count() == 2

    medicines(site).get_by_role("button", name="Undo").click()
    expect(site.locator("#today")).to_contain_text("1 dose taken")
    assert Dose.objects.filter(owner=patient).count() == 1


def test_no_leaves_the_diary_as_it_was(logged_in_site, patient, baclofen):
    site = logged_in_site
    site.goto(site.base + "/diary/")
    took(site).click()
    expect(site.locator("#today")).to_contain_text("1 dose taken")

    took(site).click()
    medicines(site).get_by_role("button", name="No", exact=True).click()

    expect(medicines(site).locator(".repeat-question")).to_have_count(0)
    expect(site.locator("#today")).to_contain_text("1 dose taken: Baclofen 10 mg")
    assert Dose.objects.filter(owner=patient).count() == 1


def test_without_javascript_the_question_is_a_plain_form(browser, live_server, patient, baclofen):
    page = new_page(browser, live_server, java_script_enabled=False)
    log_in(page, patient.username)
    page.goto(page.base + "/diary/")

    took(page).click()
    expect(medicines(page).locator(".saved")).to_contain_text("Baclofen 10 mg at")
    took(page).click()
    expect(medicines(page).locator(".repeat-question")).to_contain_text(QUESTION)
    medicines(page).get_by_role("button", name="Yes, log another").click()

    expect(page.locator("#today")).to_contain_text("2 doses taken")
    assert Dose.objects.filter(owner=patient).count() == 2
    page.context.close()
