"""The quick log on the worst days: every body area in reach on a phone and at
200 % zoom without an inner scroll box, body-map targets big enough for sore
hands, and a keyboard quick log in a few key presses from page load."""

import re

import pytest
from playwright.sync_api import expect

from diary.charts import body_map
from diary.models import BodyArea, Spasm
from tests.browser import a11y

# 1280 x 800 at 200 % zoom: the page lays out in half the CSS pixels, each drawn twice as big.
ZOOMED = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}
MINIMUM_TARGET = 44  # CSS pixels, WCAG 2.5.5
MOST_KEY_PRESSES = 8

SCREENS = {
    "phone": {"viewport": a11y.PHONE, "has_touch": True, "is_mobile": True},
    "zoom 200 %": ZOOMED,
}


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen(request, browser, live_server, patient):
    context = browser.new_context(timezone_id=a11y.BROWSER_ZONE, **SCREENS[request.param])
    page = a11y.with_timeouts(context.new_page(), live_server)
    a11y.log_in(page, patient.username)
    yield page
    context.close()


def scroll_boxes_around(locator):
    """Ancestors of the element that scroll on their own (not the page itself)."""
    return locator.evaluate(
        """element => {
            const boxes = [];
            for (let node = element.parentElement; node && node !== document.body
                 && node !== document.documentElement; node = node.parentElement) {
                const style = getComputedStyle(node);
                const scrolls = ["auto", "scroll"].some(value =>
                    style.overflowY === value || style.overflowX === value);
                const capped = style.maxHeight !== "none";
                if (scrolls || capped) boxes.push(node.className || node.tagName);
            }
            return boxes;
        }"""
    )


def test_every_area_in_the_list_is_shown_by_scrolling_the_page(screen):
    area_list = screen.locator("#quick-log .area-list")
    names = list(BodyArea.objects.values_list("name", flat=True))
    assert len(names) >= 23

    for name in names:
        link = area_list.get_by_role("link", name=name, exact=True)
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
        assert scroll_boxes_around(link) == [], name


def test_every_body_map_target_is_at_least_44_by_44(screen):
    links = screen.locator("#quick-log svg a")
    expect(links.first).to_be_visible()
    too_small = []
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        if box["width"] < MINIMUM_TARGET or box["height"] < MINIMUM_TARGET:
            too_small.append(
                f"{link.get_attribute('aria-label')}: {box['width']:.0f}x{box['height']:.0f}"
            )
    assert too_small == [], too_small


def test_every_hit_box_on_both_views_is_at_least_44_by_44(screen):
    boxes = screen.locator("#quick-log svg a rect.body-map__hit")
    expect(boxes.first).to_be_attached()
    assert boxes.count() == sum(len(hits) for hits in body_map.HIT_AREAS.values())
    too_small = []
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        if box["width"] < MINIMUM_TARGET or box["height"] < MINIMUM_TARGET:
            too_small.append(f"{index}: {box['width']:.1f}x{box['height']:.1f}")
    assert too_small == [], too_small


def test_a_body_map_target_is_taken_where_its_hit_area_is_drawn(screen):
    left_foot = screen.locator("#quick-log svg a[aria-label='Left foot']")
    left_foot.scroll_into_view_if_needed()
    box = left_foot.bounding_box()
    # Near the corner of the larger invisible hit area, away from the drawn foot.
    screen.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)

    expect(screen.locator("#quick-log legend")).to_contain_text("Left foot")


class KeyPresses:
    """The keyboard, counting every press."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def press(self, key):
        self.page.keyboard.press(key)
        self.count += 1

    def tab_to(self, locator, most=40):
        for _ in range(most):
            self.press("Tab")
            if locator.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{locator} never had the focus")


def log_by_keyboard(site, patient, skips, area):
    """From page load: follow the skip links, choose the area, then 1; the presses."""
    a11y.log_in(site, patient.username)
    site.goto(site.base + "/diary/")
    keys = KeyPresses(site)
    quick_log = site.locator("#quick-log")

    for skip in skips:
        keys.tab_to(site.get_by_role("link", name=skip))
        keys.press("Enter")
    keys.tab_to(quick_log.locator(".area-list").get_by_role("link", name=area))
    keys.press("Enter")  # where
    expect(quick_log.get_by_role("button", name=re.compile(r"^0\b"))).to_be_focused()
    keys.tab_to(quick_log.get_by_role("button", name=re.compile(r"^1\b")))
    keys.press("Enter")  # how bad, saved

    expect(quick_log.locator(".saved")).to_contain_text(f"{area}: 1 out of 10")
    assert Spasm.objects.get(owner=patient).intensity == 1
    return keys.count


def test_by_keyboard_the_skip_link_jumps_over_the_body_map(site, patient):
    # 23 presses before the skip link; the header and the diary's own links still cost 7.
    skips = ["Skip to main content", "Skip the body map: choose from the list"]

    assert log_by_keyboard(site, patient, skips, "Left jaw") <= 13


def test_a_keyboard_quick_log_takes_at_most_eight_key_presses(site, patient):
    presses = log_by_keyboard(site, patient, ["Skip to Log a spasm"], "Neck")

    assert presses <= MOST_KEY_PRESSES
