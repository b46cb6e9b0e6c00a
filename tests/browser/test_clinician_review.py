"""The whole sharing story in a real browser: the patient shares, the clinician reaches the
90-day summary in one click from their admin home (the patients list), the patient sees
the visit."""

import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.a11y import PASSWORD_FIELD, log_in, log_out
from tests.conftest import PASSWORD


def test_a_clinician_reviews_a_shared_diary_and_the_patient_sees_the_visit(
    logged_in_site, patient, clinician, make_spasm
):
    site = logged_in_site
    clinician.first_name, clinician.last_name = "Ana", "Lee"
    clinician.save()
    clinician.groups.add(Group.objects.get(name="Clinicians"))
    make_spasm(
        patient,
        when=timezone.now() - timedelta(hours=2),
        intensity=7,
        areas=(),
        note="Calf cramp after the walk",
    )

    # The patient shares their diary from the Sharing page.
    site.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    site.get_by_label("Your clinician's username or email").fill(clinician.username)
    site.get_by_role("button", name="Share my diary").click()
    expect(site.get_by_text("Ana Lee can now read your diary")).to_be_visible()
    log_out(site)

    # The clinician logs into the admin: the patients list, then the 90-day summary.
    site.goto(site.base + "/admin/")
    site.get_by_label("Username").fill(clinician.username)
    site.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    site.get_by_role("button", name="Log in").click()
    # Their admin home is the patients list.
    site.get_by_role("row", name=re.compile(patient.username)).get_by_role(
        "link", name="90 days"
    ).click()  # the one click
    expect(site.get_by_role("heading", level=1)).to_have_text("pat: the last 90 days")
    expect(site.get_by_text("Calf cramp after the walk")).to_be_visible()
    log_out(site)

    # The patient sees the visit in "who looked at my diary".
    log_in(site, patient.username)
    site.goto(site.base + "/diary/sharing/")
    visits = site.get_by_role("table").filter(has_text="When")
    expect(visits).to_contain_text("Ana Lee")
    expect(visits).to_contain_text("Opened your summary")
    expect(visits).to_contain_text("the last 90 days")
