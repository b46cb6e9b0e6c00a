"""Browser tests: Playwright's sync API driving Debian's Chromium against live_server.

Playwright runs an event loop in the test thread, so Django must be told that
database calls from the test itself are fine there.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
PHONE = {"width": 390, "height": 844}


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
    migrations ship (catalogues, the Clinicians group). Put them back by running
    those migrations' own data functions, in migration order."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    from diary.models import BodyArea

    if BodyArea.objects.exists():
        return
    loader = MigrationLoader(connection)
    editor = SimpleNamespace(connection=connection)
    for key in loader.graph.forwards_plan(("diary", loader.graph.leaf_nodes("diary")[0][1])):
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, RunPython) and key[0] in ("diary", "education"):
                operation.code(apps, editor)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def site(live_server, page):
    """The page, pointed at the live server, with short timeouts so a failure is quick."""
    page.set_default_timeout(10_000)
    page.base = live_server.url
    return page


@pytest.fixture
def phone_site(live_server, browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def logged_in_site(site, patient):
    from tests.conftest import PASSWORD

    site.goto(site.base + "/accounts/login/")
    site.get_by_label("Username").fill(patient.username)
    site.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    site.get_by_role("button", name="Log in").click()
    site.wait_for_url("**/diary/")
    return site
