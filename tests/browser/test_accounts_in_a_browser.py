import re

from playwright.sync_api import expect

from tests.browser.a11y import log_in, with_timeouts

PASSWORD_FIELD = re.compile(r"^\s*Password\W*$")


def test_a_new_patient_signs_up_and_lands_on_the_diary(site):
    site.goto(site.base + "/")
    site.get_by_role("link", name="Start my diary").click()
    site.get_by_label("Username").fill("river")
    site.get_by_label(PASSWORD_FIELD).fill("slow-deep-breaths-7")
    site.get_by_label("Password again").fill("slow-deep-breaths-7")
    site.get_by_role("button", name="Create my account").click()

    expect(site).to_have_url(site.base + "/diary/")
    expect(site.get_by_role("heading", level=1)).to_have_text("Your diary")


def test_sign_up_sends_the_browsers_time_zone(site, django_user_model):
    site.goto(site.base + "/accounts/signup/")
    site.get_by_label("Username").fill("zoned")
    site.get_by_label(PASSWORD_FIELD).fill("slow-deep-breaths-7")
    site.get_by_label("Password again").fill("slow-deep-breaths-7")
    site.get_by_role("button", name="Create my account").click()
    site.wait_for_url("**/diary/")

    browser_zone = site.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert django_user_model.objects.get(username="zoned").time_zone == browser_zone


def test_a_patient_logs_in_and_out(logged_in_site):
    logged_in_site.get_by_role("button", name="Log out").click()

    navigation = logged_in_site.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Log in")).to_be_visible()
    expect(navigation.get_by_role("link", name="Diary")).to_have_count(0)


def test_the_skip_link_is_the_first_stop_for_the_keyboard(site):
    site.goto(site.base + "/")
    site.keyboard.press("Tab")

    expect(site.get_by_role("link", name="Skip to main content")).to_be_focused()


def test_the_profile_offers_the_devices_time_zone_first_and_keeps_the_saved_one(
    browser, live_server, make_user
):
    make_user("travelling", time_zone="Pacific/Chatham")
    context = browser.new_context(timezone_id="Asia/Tokyo")
    site = with_timeouts(context.new_page(), live_server)
    log_in(site, "travelling")

    site.goto(site.base + "/accounts/profile/")

    zones = site.get_by_label("Time zone")
    expect(zones).to_have_value("Pacific/Chatham")
    first_group = zones.locator("optgroup").first
    expect(first_group).to_have_attribute("label", "This device’s time zone")
    expect(first_group.locator("option")).to_have_attribute("value", "Asia/Tokyo")
    context.close()
