"""Accessibility as a person meets it, in a real Chromium: axe-core finds no WCAG 2.2
A/AA violation on any page of the patient's and the clinician's journeys, logged in and
out, on a phone and a desktop, in the light and the dark theme; every control can be
reached by keyboard and shows where the focus is; targets are big enough to tap; nothing
scrolls sideways on a small or zoomed screen; motion stops when asked; and neither the
body map nor a chart says anything with colour alone.

Each check opens one browser context per width and walks many pages in it, so the whole
file stays quick.
"""

import random
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from diary.care import sharing
from diary.demo import build_diary
from diary.models import Medication, Spasm
from tests.browser.a11y import (
    DESKTOP,
    PASSWORD_FIELD,
    PHONE,
    axe_violations,
    load_guide,
    log_in,
    log_in_to_admin,
    log_out,
    new_page,
)

# A guide page that offers "Log …" buttons for its techniques when logged in.
TECHNIQUE_PAGE = "/learn/stretching/"

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/learn/",
    TECHNIQUE_PAGE,
    "/learn/search/?q=cramp",
    "/offline/",
]


@pytest.fixture
def diary(patient, clinician):
    """Sixty days of a realistic diary, shared with a clinician; the guide's pages."""
    load_guide()
    build_diary(patient, 60, random.Random(8), now=timezone.now())
    clinician.groups.add(Group.objects.get(name=sharing.CLINICIANS_GROUP))
    sharing.grant(patient, clinician)
    return patient


def patient_pages(patient):
    spasm = Spasm.objects.filter(owner=patient).order_by("-started_at").first()
    medication = Medication.objects.filter(owner=patient).first()
    return [
        "/diary/",
        "/diary/?area=neck",
        "/diary/check-in/",
        "/diary/medications/",
        f"/diary/medications/{medication.pk}/",
        "/diary/techniques/new/?technique=heat",
        "/diary/spasms/new/",
        "/diary/history/",
        "/diary/history/?kinds=spasms&area=neck",
        f"/diary/spasms/{spasm.pk}/",
        f"/diary/spasms/{spasm.pk}/delete/",
        "/diary/insights/",
        "/diary/insights/?days=90",
        "/diary/report/",
        "/diary/export/",
        "/diary/sharing/",
        "/accounts/profile/",
        TECHNIQUE_PAGE,
    ]


def clinician_pages(patient, viewport):
    summary = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    pages = ["/admin/", reverse("admin:diary_sharedpatient_changelist"), summary]
    # The 90-day summary is the 30-day one with more days (and slow to check): once.
    return pages + [summary + "?days=90"] if viewport == DESKTOP else pages


class Findings:
    """Problems from many pages, reported together so one run shows them all."""

    def __init__(self, page):
        self.page = page
        self.problems = []

    def axe(self, where):
        self.problems += [f"{where}: {line}" for line in axe_violations(self.page)]
        # axe 4 no longer counts duplicate ids as a WCAG failure; labels and
        # aria-labelledby still break on them, so look for them here (hidden inputs,
        # which nothing can point at, aside).
        duplicates = self.page.evaluate(
            """() => Object.entries([...document.querySelectorAll(
                "[id]:not(input[type=hidden])")].reduce(
                (seen, element) => ({...seen, [element.id]: (seen[element.id] || 0) + 1}), {}))
                .filter(([, count]) => count > 1).map(([id]) => id)"""
        )
        self.problems += [f"{where}: duplicate id {name!r}" for name in duplicates]

    def visit(self, url):
        response = self.page.goto(self.page.base + url)
        assert response.ok, f"{url} answered {response.status}"
        self.axe(url)

    def assert_none(self, what):
        assert not self.problems, f"{what}:\n" + "\n".join(self.problems)


@pytest.mark.parametrize(
    "viewport,scheme",
    [(PHONE, "light"), (DESKTOP, "light"), (PHONE, "dark")],
    ids=["phone", "desktop", "phone-dark"],
)
def test_axe_finds_nothing_on_any_page(browser, live_server, diary, clinician, viewport, scheme):
    page = new_page(browser, live_server, viewport, color_scheme=scheme)
    found = Findings(page)

    # Logged out, including a form sent back with errors.
    for url in PUBLIC_PAGES:
        found.visit(url)
    page.goto(page.base + "/accounts/signup/")
    page.get_by_label("Username").fill("new")
    page.get_by_label(PASSWORD_FIELD).fill("slow-deep-breaths-7")
    page.get_by_label("Password again").fill("not-the-same-breaths-8")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()  # sent back by the server
    found.axe("sign-up with errors")

    # The patient, with the states htmx and the forms create on the way.
    log_in(page, diary.username)
    for url in patient_pages(diary):
        found.visit(url)
    page.goto(page.base + "/diary/?area=neck")
    page.locator("#quick-log").get_by_role("button", name=re.compile(r"^5\b")).click()
    expect(page.locator("#quick-log .saved")).to_be_visible()
    found.axe("dashboard after a quick log")
    page.get_by_role("button", name="Start a spasm timer").click()
    expect(page.get_by_role("button", name="It stopped")).to_be_visible()
    found.axe("dashboard with the timer running")
    page.goto(page.base + "/diary/spasms/new/")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    found.axe("spasm form with errors")
    page.goto(page.base + "/diary/insights/")
    for summary in page.get_by_text("Show the numbers").all():
        summary.click()
    found.axe("insights with the numbers shown")
    log_out(page)

    # The clinician, in the admin.
    log_in_to_admin(page, clinician.username)
    for url in clinician_pages(diary, viewport):
        found.visit(url)

    page.context.close()
    found.assert_none(f"axe at {viewport['width']}px, {scheme}")


def test_the_dark_theme_is_dark_and_the_light_theme_light(browser, live_server):
    for scheme, is_dark in (("dark", True), ("light", False)):
        page = new_page(browser, live_server, PHONE, color_scheme=scheme)
        for url in ("/", "/offline/"):
            page.goto(page.base + url)
            background, text = page.evaluate(
                """() => [document.body, document.querySelector("h1")].map(
                    element => getComputedStyle(element)[
                        element === document.body ? "backgroundColor" : "color"])"""
            )
            assert (luminance(background) < 0.05) is is_dark, (scheme, url, background)
            assert (luminance(text) > 0.5) is is_dark, (scheme, url, text)
        page.context.close()


def luminance(css_colour):
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


# Keyboard -----------------------------------------------------------------------

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)

# For the element with focus: how it is identified, and whether a focus ring shows.
FOCUS_STATE = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    // Focus on a part Chromium draws itself (a date field's calendar button): the
    // field no longer matches :focus, and Chromium rings the button with its own outline.
    if (!element.matches(":focus")) return {key: element.dataset.kbKey, visible: true};
    const style = getComputedStyle(element);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    // An SVG link shows focus on its shape instead (a thick stroke in the focus colour).
    const shape = element.querySelector("path");
    const stroke = shape ? parseFloat(getComputedStyle(shape).strokeWidth) >= 3 : false;
    return {key: element.dataset.kbKey, visible: ring || stroke};
}"""


def tab_through(page, limit=250):
    """Press Tab until the focus comes back round; the keys of the elements reached,
    and those that had no visible focus."""
    count = page.evaluate(
        """selector => {
            // checkVisibility() is false inside a closed <details>, too.
            const visible = element => {
                const box = element.getBoundingClientRect();
                return box.width > 0 && box.height > 0 &&
                    element.checkVisibility({visibilityProperty: true});
            };
            let key = 0;
            const groups = new Set();
            for (const element of document.querySelectorAll(selector)) {
                if (!visible(element) || element.closest("[inert]")) continue;
                // A radio group is one Tab stop; the arrow keys move inside it.
                if (element.type === "radio") {
                    element.dataset.kbKey = "radio:" + element.name;
                    if (!groups.has(element.name)) key++;
                    groups.add(element.name);
                    continue;
                }
                element.dataset.kbKey = String(key++);
            }
            return key;
        }""",
        FOCUSABLE,
    )
    expected = set(
        page.evaluate(
            "() => [...new Set([...document.querySelectorAll('[data-kb-key]')]"
            ".map(element => element.dataset.kbKey))]"
        )
    )
    assert len(expected) == count
    reached, unseen = set(), []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or state["key"] is None:
            continue
        if state["key"] == first:
            break
        first = first or state["key"]
        reached.add(state["key"])
        if not state["visible"]:
            unseen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    missing = page.evaluate(
        """keys => [...document.querySelectorAll('[data-kb-key]')]
            .filter(element => !keys.includes(element.dataset.kbKey))
            .map(element => element.outerHTML.slice(0, 120))""",
        sorted(reached),
    )
    return missing, unseen


def test_every_control_is_reached_by_tab_and_shows_its_focus(browser, live_server, diary):
    page = new_page(browser, live_server, DESKTOP)
    log_in(page, diary.username)
    problems = []
    for url in (
        "/diary/",
        "/diary/?area=neck",
        "/diary/check-in/",
        "/diary/history/?kinds=spasms",
        "/",
    ):
        page.goto(page.base + url)
        missing, unseen = tab_through(page)
        problems += [f"{url}: not reached by Tab: {html}" for html in missing]
        problems += [f"{url}: no visible focus: {html}" for html in unseen]
    page.context.close()
    assert not problems, "\n".join(problems)


def test_a_radio_answer_is_chosen_with_the_arrow_keys(logged_in_site):
    site = logged_in_site
    site.goto(site.base + "/diary/check-in/")
    stress = site.get_by_role("group", name=re.compile("^Stress"))
    stress.get_by_label("Skip").focus()
    for _ in range(4):
        site.keyboard.press("ArrowRight")
    expect(stress.get_by_label("3", exact=True)).to_be_checked()
    expect(stress.get_by_label("3", exact=True)).to_be_focused()


# Touch and reflow -----------------------------------------------------------------

# Targets measured on a phone. Exempt, as WCAG 2.5.8 allows: links inside a sentence
# (the "inline" exception: their height is the line's), and the areas of the body map,
# because the list of areas beside it does the same thing with big buttons (the
# "equivalent" exception).
SMALL_TARGETS = """() => {
    const targets = document.querySelectorAll(
        "main a[href], main button, main input:not([type=hidden]), main select, " +
        "main textarea, main summary, header a[href], header button");
    const small = [];
    for (const element of targets) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (element.closest(".body-map")) continue;
        const style = getComputedStyle(element);
        if (element.tagName === "A" && style.display === "inline") continue;
        let width = box.width, height = box.height;
        // A checkbox or radio is tapped through its label too, and a label whose
        // ::before is stretched over its box (unknot.css) makes the box the target.
        if (element.type === "checkbox" || element.type === "radio") {
            for (const label of element.labels) {
                const stretched = getComputedStyle(label, "::before").position === "absolute";
                const area = (stretched ? label.parentElement : label).getBoundingClientRect();
                width = Math.max(box.right, area.right) - Math.min(box.left, area.left);
                height = Math.max(box.bottom, area.bottom) - Math.min(box.top, area.top);
            }
        }
        if (width < 43.5 || height < 43.5) {
            const size = `${Math.round(width)}x${Math.round(height)}`;
            small.push(`${size} ${element.outerHTML.slice(0, 110)}`);
        }
    }
    return small;
}"""

PHONE_PAGES = [
    "/diary/",
    "/diary/?area=neck",
    "/diary/check-in/",
    "/diary/techniques/new/",
    "/diary/spasms/new/",
    "/diary/doses/new/",
    "/diary/medications/",
    "/diary/history/",
    "/diary/insights/",
    "/diary/report/",
    "/diary/export/",
    "/diary/sharing/",
    "/accounts/profile/",
    "/learn/",
    TECHNIQUE_PAGE,
]


def test_targets_are_at_least_44_px_on_a_phone(browser, live_server, diary):
    page = new_page(browser, live_server, PHONE)
    problems = []
    for url in ("/", "/accounts/login/", "/accounts/signup/", "/learn/search/?q=cramp"):
        page.goto(page.base + url)
        problems += [f"{url}: {target}" for target in page.evaluate(SMALL_TARGETS)]
    log_in(page, diary.username)
    for url in PHONE_PAGES:
        page.goto(page.base + url)
        for details in page.locator("main details").all():
            details.evaluate("element => element.open = true")
        problems += [f"{url}: {target}" for target in page.evaluate(SMALL_TARGETS)]
    page.context.close()
    assert not problems, "targets under 44x44 px:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "viewport,scale",
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 400}, 2)],
    ids=["320px", "1280px-at-200%"],
)
def test_nothing_scrolls_sideways(browser, live_server, diary, viewport, scale):
    """320 CSS px is WCAG 1.4.10's reflow width; a 1280 px screen at 200% zoom shows
    640 CSS px at a device scale of 2. Wide tables may scroll in their own box."""
    page = new_page(browser, live_server, viewport, device_scale_factor=scale)
    problems = []
    for url in ("/", "/learn/", TECHNIQUE_PAGE, "/accounts/signup/"):
        page.goto(page.base + url)
        problems += overflow(page, url)
    log_in(page, diary.username)
    for url in PHONE_PAGES:
        page.goto(page.base + url)
        problems += overflow(page, url)
    page.context.close()
    assert not problems, "\n".join(problems)


def overflow(page, url):
    width, view = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if width <= view:
        return []
    culprits = page.evaluate(
        """view => [...document.querySelectorAll("body *")]
            .filter(element => element.getBoundingClientRect().right > view + 1)
            .filter(element => !element.closest(".table-scroll"))
            .slice(0, 3).map(element => element.outerHTML.slice(0, 100))""",
        view,
    )
    return [f"{url}: {width}px wide in a {view}px window: {culprits}"]


# Motion and colour -----------------------------------------------------------------

MOVING = """() => [...document.querySelectorAll("*")].filter(element => {
    const style = getComputedStyle(element);
    const seconds = value => Math.max(...value.split(",").map(part => parseFloat(part) || 0));
    return seconds(style.transitionDuration) > 0 ||
        (style.animationName !== "none" && seconds(style.animationDuration) > 0);
}).map(element => element.outerHTML.slice(0, 80))"""


def test_reduced_motion_stops_transitions_and_animations(browser, live_server, diary):
    page = new_page(browser, live_server, PHONE)
    log_in(page, diary.username)
    page.goto(page.base + "/diary/?area=neck")
    assert page.evaluate(MOVING), "expected Bootstrap's transitions without the preference"

    page.emulate_media(reduced_motion="reduce")
    for url in ("/diary/?area=neck", "/diary/history/", "/diary/insights/", "/learn/"):
        page.goto(page.base + url)
        assert page.evaluate(MOVING) == [], url
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    page.context.close()


def test_the_body_map_and_charts_never_speak_in_colour_alone(logged_in_site, patient):
    build_diary(patient, 30, random.Random(3), now=timezone.now())
    site = logged_in_site
    site.goto(site.base + "/diary/insights/")

    # Each shaded area of the body map carries its count in its name.
    areas = site.locator(".insight-map .body-map__area")
    assert areas.count() > 0
    names = areas.evaluate_all("areas => areas.map(area => area.getAttribute('aria-label'))")
    shaded = areas.evaluate_all(
        "areas => areas.filter(area => !area.classList.contains('level-0')).length"
    )
    assert shaded > 0
    assert all(re.search(r": \d+ spasms?$", name) for name in names), names
    expect(site.get_by_role("img", name=re.compile(r": \d+ spasms?$")).first).to_be_attached()
    # ... and the same numbers are in the table beside it.
    expect(site.get_by_role("table", name="Body areas, most affected first")).to_be_visible()

    # Every chart has a table with its numbers in the same figure.
    charts = site.locator("svg.chart__svg")
    assert charts.count() >= 3
    without_table = charts.evaluate_all(
        "charts => charts.filter(chart => !chart.closest('figure').querySelector('table')).length"
    )
    assert without_table == 0
    # The dashed 7-day line is told apart by its dash as well as its colour.
    assert site.locator(".chart__line").first.evaluate(
        "line => getComputedStyle(line).strokeDasharray"
    ) not in ("none", "")
