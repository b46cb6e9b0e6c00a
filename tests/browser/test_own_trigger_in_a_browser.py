"""A trigger of the patient's own, in a real Chromium and by the labels a person reads:
added on "My triggers and techniques", ticked on the detailed spasm form, carried in
the JSON download into a fresh account through the data page's own forms, and found
there, that account's own."""

import re

from playwright.sync_api import expect

from diary.models import Spasm, Trigger
from tests.browser.a11y import assert_accessible, log_in, log_out


def test_an_own_trigger_is_added_used_exported_and_imported_into_a_fresh_account(
    logged_in_site, patient, make_user, tmp_path
):
    site = logged_in_site
    site.goto(site.base + "/diary/medications/")
    site.get_by_role("link", name="My triggers and techniques").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("My triggers and techniques")
    site.get_by_label("Name of the new trigger").fill("Loud noise")
    site.get_by_role("button", name="Add this trigger").click()
    expect(site.get_by_role("status").or_(site.locator(".alert")).first).to_contain_text(
        "“Loud noise” is on your list."
    )
    expect(site.locator("#own-triggers")).to_contain_text("Loud noise")
    assert_accessible(site, "my triggers and techniques")

    site.goto(site.base + "/diary/spasms/new/")
    site.get_by_role("group", name=re.compile("^How bad was it")).get_by_label(
        "6", exact=True
    ).check()
    site.get_by_label("Loud noise").check()
    site.get_by_role("button", name="Save").first.click()
    site.wait_for_url(re.compile(r"/diary/\?saved="))
    assert [t.name for t in Spasm.objects.get(owner=patient).triggers.all()] == ["Loud noise"]

    site.goto(site.base + "/diary/export/")
    with site.expect_download() as download:
        site.get_by_role("link", name="Download everything (JSON)").click()
    exported = tmp_path / "diary.json"
    download.value.save_as(exported)
    log_out(site)

    newcomer = make_user("newcomer", time_zone="Europe/London")
    log_in(site, newcomer.username)
    site.goto(site.base + "/diary/import/")
    site.get_by_label("Your diary file (.json)").set_input_files(exported)
    site.get_by_role("button", name="Import").click()
    site.get_by_label("Yes, import this diary of pat into mine").check()
    site.get_by_role("button", name="Import").click()
    site.wait_for_url(re.compile(r"/diary/$"))

    site.goto(site.base + "/diary/my-triggers-and-techniques/")
    expect(site.locator("#own-triggers")).to_contain_text("Loud noise")
    site.goto(site.base + "/diary/history/")
    site.locator(".history-item--spasms").get_by_role("link", name=re.compile("^Open")).click()
    expect(site.get_by_label("Loud noise")).to_be_checked()

    theirs = Trigger.objects.get(owner=newcomer)
    spasm = Spasm.objects.get(owner=newcomer)
    assert list(spasm.triggers.all()) == [theirs]
    assert theirs != Trigger.objects.get(owner=patient)
