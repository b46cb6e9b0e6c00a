"""The back view of the body map: the backs of the arms, hands, legs and feet, each
a link named for its area, the patient's left on the viewer's left, and a tap in the
middle of each drawn part choosing that part."""

import pytest
from playwright.sync_api import expect

from diary.charts import body_map
from diary.models import BodyArea
from tests.browser import a11y

BACK_OF_LIMBS = [
    f"{side}-{part}"
    for side in ("left", "right")
    for part in ("upper-arm", "lower-arm", "hand", "upper-leg", "lower-leg", "foot")
]


@pytest.fixture
def phone(browser, live_server, patient):
    page = a11y.new_page(browser, live_server, a11y.PHONE)
    a11y.log_in(page, patient.username)
    yield page
    page.context.close()


def back_link(page, slug):
    return page.locator(f"#quick-log svg a[data-view='back'][href='?area={slug}#quick-log']")


def back_drawing(page, slug):
    return back_link(page, slug).locator("path")


def test_each_back_of_a_limb_is_a_link_named_for_its_area(phone):
    names = dict(BodyArea.objects.filter(slug__in=BACK_OF_LIMBS).values_list("slug", "name"))
    for slug in BACK_OF_LIMBS:
        expect(back_link(phone, slug)).to_have_attribute("aria-label", f"{names[slug]} (back)")


def test_a_tap_on_each_back_of_a_limb_chooses_that_area(phone):
    names = dict(BodyArea.objects.filter(slug__in=BACK_OF_LIMBS).values_list("slug", "name"))
    for slug in BACK_OF_LIMBS:
        phone.goto(phone.base + "/diary/")
        drawing = back_drawing(phone, slug)
        drawing.scroll_into_view_if_needed()
        box = drawing.bounding_box()
        phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

        expect(phone.locator("#intensity-legend")).to_have_text(f"{names[slug]}: how bad is it?")


def test_on_the_back_the_patients_left_is_on_the_viewers_left(phone):
    svg = phone.locator("#quick-log svg").bounding_box()
    middle_of_back = svg["x"] + svg["width"] * body_map.BACK_X / body_map.WIDTH
    for part in ("left-hand", "left-lower-leg", "left-upper-leg"):
        box = back_drawing(phone, part).bounding_box()
        assert box["x"] + box["width"] < middle_of_back, part
    for part in ("right-hand", "right-lower-leg", "right-upper-leg"):
        box = back_drawing(phone, part).bounding_box()
        assert box["x"] > middle_of_back, part


def test_the_middle_of_every_link_on_the_map_is_that_link(phone):
    # Where a screen reader's double tap or a voice command "tap Left foot" lands.
    links = phone.locator("#quick-log svg a")
    expect(links.first).to_be_visible()
    missed = links.evaluate_all(
        """links => links.filter(link => {
            link.scrollIntoView({block: "center", behavior: "instant"});
            const box = link.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return !hit || hit.closest("a") !== link;
        }).map(link => link.getAttribute("aria-label"))"""
    )
    assert missed == []


def test_the_map_with_both_views_passes_axe(phone):
    expect(back_drawing(phone, "left-upper-leg")).to_be_visible()
    a11y.assert_accessible(phone, "the body map with both views")
