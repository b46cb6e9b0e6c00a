"""Browser tests: Playwright's sync API driving Debian's Chromium against live_server.

Playwright runs an event loop in the test thread, so Django must be told that
database calls from the test itself are fine there.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import BROWSER_ZONE, PHONE, TIMEOUT, log_in, new_page, with_timeouts
from tests.conftest import restore_shipped_rows

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
expect.set_options(timeout=TIMEOUT)

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def shipped_rows(transactional_db):
    """live_server empties every table after each test, including the rows our
    migrations ship; tests/conftest.py puts them back after each one, and here before
    the first."""
    restore_shipped_rows()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": BROWSER_ZONE}


@pytest.fixture
def patient(make_user):
    """The suite's patient, living where the browser's clock says midday (a11y.midday_zone)."""
    return make_user("pat", time_zone=BROWSER_ZONE)


@pytest.fixture
def site(live_server, page):
    """The page, pointed at the live server, with the suite's timeouts (a11y.TIMEOUT)."""
    return with_timeouts(page, live_server)


@pytest.fixture
def phone_site(live_server, browser):
    page = new_page(browser, live_server, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def logged_in_site(site, patient):
    log_in(site, patient.username)
    return site
