"""Forms as drawn: Delete stands well apart from Save, and an error below a group of
choices leaves every choice the size it was."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import a11y

MIN_GAP = 16  # CSS pixels between Save and Delete
MIN_TARGET = 44


def gap_between(upper, lower):
    """The distance from the bottom of `upper` to the top of `lower`, or from its
    right edge to the left of `lower` when they share a line."""
    above = upper.bounding_box()
    below = lower.bounding_box()
    vertical = below["y"] - (above["y"] + above["height"])
    horizontal = below["x"] - (above["x"] + above["width"])
    return max(vertical, horizontal)


@pytest.mark.parametrize("viewport", [a11y.DESKTOP, a11y.PHONE], ids=["desktop", "phone"])
def test_delete_stands_apart_from_save_on_the_edit_form(
    browser, live_server, patient, make_spasm, viewport
):
    spasm = make_spasm(patient)
    page = a11y.new_page(browser, live_server, viewport)
    a11y.log_in(page, patient.username)
    page.goto(page.base + reverse("diary:entry_edit", args=["spasms", spasm.pk]))

    save = page.get_by_role("button", name="Save")
    delete = page.get_by_role("link", name="Delete this entry")

    assert gap_between(save, delete) >= MIN_GAP
    assert save.bounding_box()["height"] >= MIN_TARGET
    assert delete.bounding_box()["height"] >= MIN_TARGET
    page.context.close()


def test_remove_stands_apart_from_save_on_the_medicine_form(
    logged_in_site, patient, make_medication
):
    medication = make_medication(patient)
    logged_in_site.goto(
        logged_in_site.base + reverse("diary:medication_edit", args=[medication.pk])
    )

    save = logged_in_site.get_by_role("button", name="Save")
    remove = logged_in_site.get_by_role("link", name="Remove from my list")

    assert gap_between(save, remove) >= MIN_GAP
    assert remove.bounding_box()["height"] >= MIN_TARGET


def test_an_intensity_error_leaves_the_ten_pill_its_size(logged_in_site):
    page = logged_in_site
    page.goto(page.base + reverse("diary:entry_new", args=["spasms"]))
    ten = page.locator("#div_id_intensity .form-check").filter(has=page.locator("#id_intensity_10"))
    before = ten.bounding_box()

    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_intensity_error")
    expect(error).to_contain_text("Choose a number from 0 to 10.")

    after = ten.bounding_box()
    assert (after["width"], after["height"]) == (before["width"], before["height"])
    group = page.locator("#div_id_intensity fieldset > div").first.bounding_box()
    assert error.bounding_box()["y"] >= group["y"] + group["height"]
    described_by = page.locator("#div_id_intensity fieldset").get_attribute("aria-describedby")
    assert "id_intensity_error" in described_by.split()
