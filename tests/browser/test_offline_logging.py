"""Logging with no signal: a quick spasm, a dose and a check-in made offline are kept
on the phone, listed in a banner on every page, and saved exactly once, with the time
they were made, when the connection is back (static/js/kept.js, diary/daily/offline.py).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diary.models import CheckIn, Dose, Medication, Spasm
from tests.browser.a11y import (
    PHONE,
    assert_accessible,
    log_in,
    new_page,
    wait_for_the_service_worker,
    with_timeouts,
)
from tests.live_server import wait_until

KEPT_MESSAGE = (
    "No signal: this is kept on this device and will be sent to your diary when you're back online."
)


@pytest.fixture
def phone(browser, live_server, patient):
    page = new_page(browser, live_server, PHONE)
    log_in(page, patient.username)
    wait_for_the_service_worker(page)
    yield page
    page.context.close()


def banner(page):
    return page.locator("#kept-entries")


def choose_neck(page):
    quick_log = page.locator("#quick-log")
    quick_log.locator(".area-list").get_by_role("link", name="Neck").tap()
    six = quick_log.get_by_role("button", name=re.compile(r"^6\b"))
    expect(six).to_be_visible()  # the area's question arrived before the signal went
    return quick_log


def test_quick_logs_made_offline_are_kept_then_saved_once_back_online(phone, patient):
    quick_log = choose_neck(phone)
    made = timezone.now()

    phone.context.set_offline(True)
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).tap()
    expect(quick_log.locator(".offline-note")).to_have_text(KEPT_MESSAGE)
    quick_log.get_by_role("button", name=re.compile(r"^8\b")).tap()
    expect(banner(phone)).to_contain_text("2 entries waiting to send.")
    banner(phone).get_by_text("See them").tap()
    items = banner(phone).get_by_role("listitem")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Spasm in Neck: 6 out of 10")
    expect(items.last).to_contain_text("Spasm in Neck: 8 out of 10")
    assert not Spasm.objects.exists()
    assert_accessible(phone, "the quick log with two entries kept offline")

    phone.context.set_offline(False)
    expect(banner(phone)).to_contain_text("2 entries kept on this device were saved in your diary.")
    expect(banner(phone)).not_to_contain_text("waiting to send")
    spasms = list(Spasm.objects.filter(owner=patient).order_by("intensity"))
    assert [spasm.intensity for spasm in spasms] == [6, 8]
    # Saved at the time they were made, not the time they arrived.
    assert all(abs(spasm.started_at - made) < timedelta(minutes=1) for spasm in spasms)

    phone.reload()
    expect(phone.locator("#today")).to_contain_text("2 spasms so far")
    expect(banner(phone)).to_be_hidden()
    assert Spasm.objects.filter(owner=patient).count() == 2


def test_a_dose_made_offline_is_saved_once_back_online(phone, patient):
    Medication.objects.create(
        owner=patient, name="Baclofen", usual_amount=Decimal("10"), usual_unit="mg"
    )
    phone.reload()
    took = phone.get_by_role("button", name="Took my Baclofen (10 mg)")

    phone.context.set_offline(True)
    took.tap()
    expect(phone.locator("#doses .offline-note")).to_have_text(KEPT_MESSAGE)
    expect(banner(phone)).to_contain_text("1 entry waiting to send.")
    banner(phone).get_by_text("See them").tap()
    expect(banner(phone).get_by_role("listitem")).to_contain_text("Dose: Baclofen 10 mg")
    assert not Dose.objects.exists()

    phone.context.set_offline(False)
    expect(banner(phone)).to_contain_text("1 entry kept on this device was saved in your diary.")
    dose = Dose.objects.get(owner=patient)
    assert (dose.medication.name, dose.amount) == ("Baclofen", Decimal("10"))


def test_a_check_in_made_offline_is_saved_once_back_online(phone, patient):
    phone.goto(phone.base + "/diary/check-in/")
    phone.get_by_role("group", name=re.compile("^Stress")).get_by_label("3", exact=True).check()
    phone.get_by_label("Note").fill("Slept badly, tense shoulders")

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Save check-in").tap()
    expect(phone.locator(".entry-form .offline-note")).to_have_text(KEPT_MESSAGE)
    expect(banner(phone)).to_contain_text("1 entry waiting to send.")
    assert not CheckIn.objects.exists()

    phone.context.set_offline(False)
    expect(banner(phone)).to_contain_text("1 entry kept on this device was saved in your diary.")
    check_in = CheckIn.objects.get(owner=patient)
    assert (check_in.stress, check_in.note) == (3, "Slept badly, tense shoulders")


def test_the_offline_page_counts_what_waits_and_names_nothing(phone, patient):
    quick_log = choose_neck(phone)
    phone.context.set_offline(True)
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).tap()
    expect(banner(phone)).to_contain_text("1 entry waiting to send.")

    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You're offline")
    # The offline page is kept for everyone: it counts what waits, and names nothing.
    expect(banner(phone)).to_contain_text(
        "1 entry waiting to send. They are kept on this device and will be sent when "
        "you're back online."
    )
    expect(banner(phone)).not_to_contain_text("Neck")
    assert_accessible(phone, "the offline page with an entry waiting")

    phone.context.set_offline(False)
    assert wait_until(lambda: Spasm.objects.filter(owner=patient).count() == 1, timeout=30)
    phone.get_by_role("link", name="Try again").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("What your diary shows")
    expect(banner(phone)).to_be_hidden()
    assert Spasm.objects.get(owner=patient).intensity == 6


def test_an_entry_kept_when_the_page_was_closed_is_sent_on_the_next_page_load(
    browser, live_server, patient
):
    page = new_page(browser, live_server, PHONE, service_workers="block")
    log_in(page, patient.username)
    quick_log = choose_neck(page)
    page.context.set_offline(True)
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).tap()
    expect(banner(page)).to_contain_text("1 entry waiting to send.")
    context = page.context
    page.close()

    context.set_offline(False)
    page = with_timeouts(context.new_page(), live_server)
    page.goto(page.base + "/diary/")
    expect(banner(page)).to_contain_text("1 entry kept on this device was saved in your diary.")
    assert Spasm.objects.get(owner=patient).intensity == 6
    context.close()


def test_a_kept_entry_can_be_discarded_and_is_never_sent(phone, patient):
    quick_log = choose_neck(phone)
    phone.context.set_offline(True)
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).tap()
    banner(phone).get_by_text("See them").tap()

    phone.once("dialog", lambda dialog: dialog.accept())
    banner(phone).get_by_role("button", name=re.compile("^Discard")).tap()
    expect(banner(phone)).to_be_hidden()

    phone.context.set_offline(False)
    phone.reload()
    expect(phone.locator("#today")).to_contain_text("0 spasms so far")
    assert not Spasm.objects.exists()


def test_a_request_lost_on_the_way_back_is_kept_and_its_resend_saves_once(
    browser, live_server, patient
):
    # The server saves it, but the answer never reaches the phone: kept, then resent.
    page = new_page(browser, live_server, PHONE, service_workers="block")
    log_in(page, patient.username)

    def reach_the_server_then_lose_the_answer(route):
        route.fetch()
        route.abort("connectionreset")

    page.route("**/diary/spasms/quick/", reach_the_server_then_lose_the_answer)
    quick_log = choose_neck(page)
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).tap()
    expect(banner(page)).to_contain_text("1 entry waiting to send.")
    assert Spasm.objects.filter(owner=patient).count() == 1

    page.unroute("**/diary/spasms/quick/")
    banner(page).get_by_role("button", name="Send now").tap()
    expect(banner(page)).to_contain_text("1 entry kept on this device was saved in your diary.")
    assert Spasm.objects.filter(owner=patient).count() == 1
    page.context.close()


def test_another_accounts_kept_entries_are_neither_listed_nor_sent(phone, patient):
    phone.evaluate(
        """UnknotKept.keep({
            id: "4a0f5c1e-4f0e-4a43-9a52-0d9c1b2a3e4f",
            action: location.origin + "/diary/spasms/quick/",
            fields: [["area", "neck"], ["intensity", "9"]],
            label: "Spasm in Neck: 9 out of 10",
            madeAt: new Date().toISOString(),
            keptFor: "another-account",
            state: "waiting",
        })"""
    )

    phone.reload()
    expect(phone.locator("#today")).to_be_visible()
    expect(banner(phone)).to_be_hidden()
    assert not Spasm.objects.exists()
    assert phone.evaluate("UnknotKept.list().then((entries) => entries.length)") == 1


def test_an_entry_kept_too_long_is_shown_as_not_saved_until_discarded(phone, patient):
    phone.evaluate(
        """UnknotKept.keep({
            id: "0b7e6d7a-52a4-4c0e-8f43-3a4b5c6d7e8f",
            action: location.origin + "/diary/spasms/quick/",
            fields: [
                ["area", "neck"],
                ["intensity", "5"],
                ["client_token", "0b7e6d7a-52a4-4c0e-8f43-3a4b5c6d7e8f"],
                ["made_at", new Date(Date.now() - 4 * 24 * 3600 * 1000).toISOString()],
                ["kept_for", document.body.dataset.keptFor],
            ],
            label: "Spasm in Neck: 5 out of 10",
            madeAt: new Date(Date.now() - 4 * 24 * 3600 * 1000).toISOString(),
            keptFor: document.body.dataset.keptFor,
            state: "waiting",
        })"""
    )

    phone.reload()
    expect(banner(phone)).to_contain_text("1 entry could not be saved.")
    banner(phone).get_by_text("See them").tap()
    expect(banner(phone).get_by_role("listitem")).to_contain_text(
        "Your diary did not take it (it may be more than 3 days old)."
    )
    assert not Spasm.objects.exists()
    assert_accessible(phone, "the banner with an entry the diary refused")

    phone.once("dialog", lambda dialog: dialog.accept())
    banner(phone).get_by_role("button", name=re.compile("^Discard")).tap()
    expect(banner(phone)).to_be_hidden()


def test_a_flare_log_made_offline_is_saved_once_back_online(phone, patient):
    phone.goto(phone.base + "/diary/flare/")
    phone.get_by_role("link", name="Neck").tap()
    seven = phone.get_by_role("button", name="7", exact=True)
    expect(seven).to_be_visible()

    phone.context.set_offline(True)
    seven.tap()
    expect(phone.locator(".flare .offline-note")).to_have_text(KEPT_MESSAGE)
    expect(banner(phone)).to_contain_text("1 entry waiting to send.")

    phone.context.set_offline(False)
    expect(banner(phone)).to_contain_text("1 entry kept on this device was saved in your diary.")
    spasm = Spasm.objects.get(owner=patient)
    assert (spasm.intensity, [area.slug for area in spasm.body_areas.all()]) == (7, ["neck"])
