"""Unknot in Spanish, in a real Chromium, as a Spanish-speaking member meets it: the
footer's chooser switches the page, a quick log and the daily check-in speak Spanish
(errors beside the field included), the report prints with Spanish headings, month
names and "Página N de M"; and axe finds no WCAG A/AA problem on the main pages in
Spanish, nor in German, whose long words must not push a phone's page sideways.

The words expected are the catalogue's own (gettext with the language switched on), and
`spanish()` checks each one is really translated, so a test cannot pass in English.
"""

import io
import random
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import dateformat, formats, timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect
from pypdf import PdfReader

from diary.clinical import intensity_band
from diary.demo import build_diary
from diary.models import CheckIn, Spasm
from education.models import Page
from tests.browser.a11y import DESKTOP, PHONE, axe_violations, load_guide, log_in, new_page
from tests.browser.test_accessibility import overflow
from tests.conftest import PASSWORD

GUIDE_PAGE = "/learn/stretching/"


def spanish(message, context=None):
    return translated("es", message, context)


def german(message, context=None):
    return translated("de", message, context)


def translated(language, message, context=None):
    with translation.override(language):
        words = translation.pgettext(context, message) if context else translation.gettext(message)
    assert words != message, f"{message!r} is not translated into {language} yet"
    return words


def one_line(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def spanish_patient(patient):
    patient.language = "es"
    patient.save(update_fields=["language"])
    return patient


# Choosing Spanish, and a quick log -------------------------------------------------


def test_the_footer_chooser_switches_the_site_and_the_profile_to_spanish(logged_in_site, patient):
    site = logged_in_site
    expect(site.locator("html")).to_have_attribute("lang", "en")

    footer = site.locator("footer")
    footer.get_by_label("Language").select_option(label="Español")
    footer.get_by_role("button", name="Change language").click()

    expect(site.locator("html")).to_have_attribute("lang", "es")
    expect(site.get_by_role("heading", level=1)).to_have_text(spanish("Your diary"))
    expect(site).to_have_url(re.compile(r"/diary/$"))
    patient.refresh_from_db()
    assert patient.language == "es"


def test_a_quick_log_in_spanish(site, spanish_patient):
    log_in(site, spanish_patient.username)
    expect(site.locator("html")).to_have_attribute("lang", "es")
    quick_log = site.locator("#quick-log")

    quick_log.locator(".area-list [data-quick-area][href='?area=neck#quick-log']").click()
    expect(quick_log.get_by_role("heading", level=2)).to_have_text(spanish("Log a spasm"))
    quick_log.get_by_role("button", name=re.compile(r"^6\b")).click()

    saved = quick_log.locator(".saved")
    expect(saved).to_contain_text(spanish("Saved."))
    spasm = Spasm.objects.get(owner=spanish_patient)
    assert (spasm.intensity, [area.slug for area in spasm.body_areas.all()]) == (6, ["neck"])
    with translation.override("es"):
        expected = spanish("%(areas)s: %(intensity)s out of 10 (%(band)s) at %(time)s.") % {
            "areas": str(spasm.body_areas.get()),  # the shipped name, in Spanish
            "intensity": 6,
            "band": intensity_band(6),
            "time": f"{timezone.localtime(spasm.started_at, spanish_patient.zone):%H:%M}",
        }
        so_far = translation.ngettext("spasm so far", "spasms so far", 1)
    expect(saved).to_contain_text(expected)  # "Cuello: 6 de 10 (moderado) a las 10:42."
    expect(site.locator("#today")).to_contain_text(f"1 {so_far}")

    site.goto(site.base + "/diary/history/")
    with translation.override("es"):
        expect(site.locator("main")).to_contain_text(f"6/10 ({intensity_band(6)})")


# The daily check-in ---------------------------------------------------------------


def test_the_daily_check_in_in_spanish(site, spanish_patient):
    log_in(site, spanish_patient.username)
    site.get_by_role("link", name=spanish("Check in for today")).click()
    expect(site.get_by_role("heading", level=1)).to_have_text(spanish("Daily check-in"))

    hours = site.get_by_label(spanish("Hours slept last night"))
    hours.fill("30")
    site.get_by_label(spanish("Glasses of water today")).fill("5")
    site.get_by_role("button", name=spanish("Save check-in")).click()

    # Sent back by the server: the Spanish error beside the field, the answers kept.
    expect(site.get_by_role("alert")).to_contain_text(
        spanish("Please check the answers marked below. Nothing was saved yet.")
    )
    error = site.locator(
        ".invalid-feedback", has_text=spanish("Hours slept must be between 0 and 24.")
    )
    expect(error).to_be_visible()
    expect(hours).to_have_value("30")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(site.get_by_label(spanish("Glasses of water today"))).to_have_value("5")
    assert not CheckIn.objects.exists()

    hours.fill("6.5")
    site.get_by_role("button", name=spanish("Save check-in")).click()

    expect(site).to_have_url(re.compile(r"/diary/$"))
    expect(site.get_by_text(spanish("Check-in saved. Thank you."))).to_be_visible()
    expect(site.locator("#today")).to_contain_text(spanish("You have checked in today."))
    check_in = CheckIn.objects.get(owner=spanish_patient)
    assert (float(check_in.sleep_hours), check_in.water_glasses) == (6.5, 5)


# The report ------------------------------------------------------------------------


@pytest.fixture
def spanish_diary(spanish_patient):
    spanish_patient.shown_name = "Lucía Ejemplo"
    spanish_patient.save(update_fields=["shown_name"])
    build_diary(spanish_patient, 40, random.Random(19), now=timezone.now())
    return spanish_patient


def test_the_report_in_spanish_on_screen_and_on_paper(site, spanish_diary):
    log_in(site, spanish_diary.username)
    site.goto(site.base + "/diary/report/")
    expect(site.get_by_role("heading", level=1)).to_have_text(spanish("Spasm diary report"))
    expect(site.get_by_role("heading", level=2, name=spanish("In short"))).to_be_visible()

    today = timezone.localdate()
    first = today - timedelta(days=29)
    with translation.override("es"):
        months = {dateformat.format(day, "F") for day in (first, today)}
        head = translation.gettext("%(name)s · %(first)s to %(last)s") % {
            "name": spanish_diary.shown_name,
            "first": formats.date_format(first),
            "last": formats.date_format(today),
        }
    assert months.isdisjoint({f"{first:%B}", f"{today:%B}"})  # "diciembre", not "December"
    header = site.locator(".report__header")
    for month in months:
        expect(header).to_contain_text(month)

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(site.pdf(format="A4"))).pages]
    word, of = spanish("Page", "printed: Page 2 of 3"), spanish("of", "printed: Page 2 of 3")
    for number, text in enumerate(pages, start=1):
        assert f"{word} {number} {of} {len(pages)}" in one_line(text), f"page {number}"
        assert head in one_line(text), f"page {number}"
    assert spanish("Spasm diary report") in one_line(pages[0])


# axe, in Spanish and German ------------------------------------------------------------


@pytest.fixture
def lived_in_diary(patient):
    load_guide()
    build_diary(patient, 45, random.Random(7), now=timezone.now())
    return patient


def in_language(browser, live_server, language, viewport=DESKTOP):
    """A page of its own whose browser chose `language` in the footer before (its cookie)."""
    page = new_page(browser, live_server, viewport)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    return page


def log_in_in(page, language, username):
    """Log in by the labels the login page shows in `language`."""
    page.goto(page.base + "/accounts/login/")
    with translation.override(language):
        username_label = capfirst(translation.gettext("username"))
    password_label = re.compile(rf"^\s*{re.escape(translated(language, 'Password'))}\W*$")
    page.get_by_label(username_label).fill(username)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=translated(language, "Log in")).click()
    page.wait_for_url("**/diary/")


def guide_title(language):
    return Page.objects.get(slug=GUIDE_PAGE.split("/")[2], language=language).title


def axe_on(page, urls, language):
    problems = []
    for url in urls:
        response = page.goto(page.base + url)
        assert response.ok, f"{url} answered {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        problems += [f"{url}: {line}" for line in axe_violations(page)]
    return problems


def test_axe_finds_nothing_on_the_main_pages_in_spanish(browser, live_server, lived_in_diary):
    lived_in_diary.language = "es"
    lived_in_diary.save(update_fields=["language"])
    page = in_language(browser, live_server, "es")
    problems = axe_on(page, ["/", "/accounts/login/", "/accounts/signup/"], "es")
    log_in_in(page, "es", lived_in_diary.username)
    problems += axe_on(
        page,
        [
            "/diary/",
            "/diary/?area=neck",
            "/diary/check-in/",
            "/diary/history/",
            "/diary/insights/",
            "/diary/report/",
            "/diary/sharing/",
            "/accounts/profile/",
            "/learn/",
            GUIDE_PAGE,
        ],
        "es",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(guide_title("es"))
    page.context.close()
    assert not problems, "axe in Spanish:\n" + "\n".join(problems)


def test_german_words_fit_axe_finds_nothing_and_nothing_scrolls_sideways(
    browser, live_server, lived_in_diary
):
    lived_in_diary.language = "de"
    lived_in_diary.save(update_fields=["language"])
    page = in_language(browser, live_server, "de", PHONE)
    log_in_in(page, "de", lived_in_diary.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(german("Your diary"))
    problems = axe_on(page, ["/diary/", "/diary/?area=neck", GUIDE_PAGE], "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(guide_title("de"))
    for url in ("/diary/", "/diary/?area=neck", "/diary/check-in/", "/diary/insights/"):
        page.goto(page.base + url)
        expect(page.locator("html")).to_have_attribute("lang", "de")
        problems += overflow(page, url) + clipped(page, url)
    page.context.close()
    assert not problems, "in German at 390 px:\n" + "\n".join(problems)


def clipped(page, url):
    """Buttons and links whose words are wider than their box (cut off or spilling out)."""
    return [
        f"{url}: words wider than their box: {html}"
        for html in page.evaluate(
            """() => [...document.querySelectorAll("main button, main .btn, main a, nav a")]
                // Shown (a skip link is a clipped pixel until it has the focus).
                .filter(element => element.getBoundingClientRect().width > 1)
                .filter(element => element.scrollWidth > element.clientWidth + 1)
                .map(element => element.outerHTML.slice(0, 100))"""
        )
    ]
