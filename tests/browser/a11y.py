"""Helpers for the browser tests that check what a person sees and can do: pages with
the suite's timeouts, logging in and out by the labels a person reads, and axe.

Every wait is for something on the page (a URL, a heading, an element), never for a
fixed time, and any one wait may take up to TIMEOUT: long enough for a busy two-core
machine, where a page can take several seconds, and a failure still ends.

axe-core comes from the axe-playwright-python package (pinned in the test extra),
so no test reaches out to a CDN. Playwright evaluates it over the DevTools
protocol, which the site's Content Security Policy does not apply to.
"""

import re
from datetime import UTC, datetime
from io import StringIO

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.live_server import wait_until

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD_FIELD = re.compile(r"^\s*Password\W*$")
TIMEOUT = 30_000  # milliseconds, for every action, navigation and expect()

_axe = Axe()


def midday_zone(now=None):
    """A fixed-offset zone where it is now about noon, on the same date as in UTC.

    Between midnight and 4 am the quick log rightly asks which day an entry belongs
    to; browser patients and their browser live here so that a run at any hour of
    the day meets the plain daytime quick log. (Etc/GMT's signs are inverted.)
    """
    offset = 12 - (now or datetime.now(UTC)).hour
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


# One zone for the whole run: a session lasts far less than the hours either side of
# noon, so its clock never nears midnight.
BROWSER_ZONE = midday_zone()


def axe_violations(page):
    """axe's WCAG A/AA violations on the page as it is now: one line per rule, with
    how many elements break it and the first few of them."""
    # A button still fading into its hover colours (Bootstrap's transitions) would read
    # as a blend of two colours: wait until nothing on the page is mid-change.
    page.wait_for_function(
        """() => document.getAnimations().every(animation => animation.playState !== "running"
            || animation.effect?.getTiming().iterations === Infinity)"""
    )
    results = _axe.run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        nodes = violation["nodes"]
        checks = [
            c for n in nodes[:1] for c in n.get("any", []) + n.get("all", []) + n.get("none", [])
        ]
        why = checks[0]["message"] if checks else violation["help"]
        where = "; ".join(node["html"][:100] for node in nodes[:3])
        lines.append(f"{violation['id']} ({violation['impact']}) x{len(nodes)}: {why} — {where}")
    return lines


def assert_accessible(page, where=None):
    problems = axe_violations(page)
    assert not problems, f"axe on {where or page.url}:\n" + "\n".join(problems)


def new_page(browser, live_server, viewport=DESKTOP, **options):
    """A page in a context of its own (close it with page.context.close())."""
    if viewport == PHONE:
        options = {"has_touch": True, "is_mobile": True, **options}
    context = browser.new_context(viewport=viewport, timezone_id=BROWSER_ZONE, **options)
    page = context.new_page()
    return with_timeouts(page, live_server)


def with_timeouts(page, live_server):
    """The page, pointed at the live server, with the suite's timeout for every wait."""
    page.set_default_timeout(TIMEOUT)
    page.set_default_navigation_timeout(TIMEOUT)
    page.base = live_server.url
    return page


def log_in(page, username, password=PASSWORD):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(PASSWORD_FIELD).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/diary/")


def log_out(page):
    """Log out from the diary or the admin, and wait until the home page says so."""
    page.get_by_role("button", name="Log out").click()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Log in")).to_be_visible()


def log_in_to_admin(page, username, password=PASSWORD):
    page.goto(page.base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(PASSWORD_FIELD).fill(password)
    page.get_by_role("button", name="Log in").click()
    # The admin's home: the host's tasks, or a clinician's patients list.
    page.wait_for_url(re.compile(r"/admin/(diary/sharedpatient/)?$"))


def load_guide():
    """The shipped guide pages (the browser tests' database starts without them)."""
    call_command("load_education", stdout=StringIO())


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
