"""The patient's journeys in a real Chromium, by the labels a person reads: from signing
up to the first spasm, the daily check-in, a dose, a technique with before and after, the
history's filter, edit and delete, insights over another period, the report printed to
PDF, and from a guide page to logging its technique.

The quick log by mouse, touch and keyboard is in test_quick_log_in_a_browser.py, and
the sharing story up to the clinician's summary in test_clinician_review.py. axe checks
every page of these journeys in test_accessibility.py; here it checks the states that
only a journey reaches.
"""

import io
import random
import re

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from diary.demo import build_diary
from diary.models import CheckIn, Dose, Spasm, TechniqueSession
from tests.browser.a11y import PASSWORD_FIELD, assert_accessible, load_guide


def test_a_newcomer_signs_up_and_logs_a_first_spasm(phone_site, django_user_model):
    site = phone_site
    site.goto(site.base + "/")
    site.get_by_role("link", name="Start my diary").tap()
    site.get_by_label("Username").fill("river")
    site.get_by_label(PASSWORD_FIELD).fill("slow-deep-breaths-7")
    site.get_by_label("Password again").fill("slow-deep-breaths-7")
    site.get_by_role("button", name="Create my account").tap()
    expect(site.get_by_role("heading", level=1)).to_have_text("Your diary")
    expect(site.locator("#today")).to_contain_text("0 spasms so far")

    quick_log = site.locator("#quick-log")
    quick_log.locator(".area-list").get_by_role("link", name="Lower back").tap()
    quick_log.get_by_role("button", name=re.compile(r"^4\b")).tap()

    expect(quick_log.get_by_text("Lower back: 4 out of 10 (moderate)")).to_be_visible()
    expect(site.locator("#today")).to_contain_text("1 spasm so far")
    assert_accessible(site, "the dashboard after the first spasm")
    spasm = Spasm.objects.get(owner=django_user_model.objects.get(username="river"))
    assert (spasm.intensity, [a.slug for a in spasm.body_areas.all()]) == (4, ["lower-back"])


def test_the_daily_check_in(logged_in_site, patient):
    site = logged_in_site
    site.get_by_role("link", name="Check in for today").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Daily check-in")
    site.get_by_label("Hours slept last night").fill("6.5")
    for question, answer in (("Sleep quality", "4"), ("Stress", "7"), ("Mood", "5")):
        site.get_by_role("group", name=re.compile(f"^{question}")).get_by_label(
            answer, exact=True
        ).check()
    site.get_by_label("Glasses of water today").fill("5")
    site.get_by_role("button", name="Save check-in").click()

    expect(site).to_have_url(re.compile(r"/diary/"))
    expect(site.locator("#today")).to_contain_text("You have checked in today.")
    check_in = CheckIn.objects.get(owner=patient)
    assert (check_in.sleep_quality, check_in.stress, check_in.mood) == (4, 7, 5)
    assert (float(check_in.sleep_hours), check_in.water_glasses) == (6.5, 5)


def test_a_medicine_added_then_a_dose_taken_in_one_tap(logged_in_site, patient):
    site = logged_in_site
    site.get_by_role("link", name="Add my medicines").click()
    site.get_by_label("Name").fill("Baclofen")
    site.get_by_label("Kind of medicine").select_option(label="Muscle relaxant")
    site.get_by_label("Usual amount").fill("10 mg")
    site.get_by_role("button", name="Add to my list").click()
    expect(site.locator("main")).to_contain_text("Baclofen · 10 mg")

    site.get_by_role("navigation", name="Main").get_by_role("link", name="Diary").click()
    site.get_by_role("button", name="Took my Baclofen (10 mg)").click()

    expect(site.locator("#doses .saved")).to_contain_text("Baclofen 10 mg at")
    expect(site.locator("#today")).to_contain_text("1 dose taken: Baclofen 10 mg")
    assert_accessible(site, "the dashboard after a dose")
    dose = Dose.objects.get(owner=patient)
    assert (dose.medication.name, dose.dose) == ("Baclofen", "10 mg")


def test_a_technique_from_the_dashboard_with_the_spasm_before_and_after(logged_in_site, patient):
    site = logged_in_site
    techniques = site.get_by_role("region", name="Did something that helps?")
    techniques.get_by_role("link", name="Heat").click()
    expect(site.get_by_label("Technique")).to_have_value("heat")
    site.get_by_label("Minutes").fill("15")
    site.get_by_role("group", name="Spasm before (0–10)").get_by_label("7", exact=True).check()
    site.get_by_role("group", name="Spasm after (0–10)").get_by_label("3", exact=True).check()
    site.get_by_role("button", name="Save", exact=True).click()

    expect(site.get_by_role("heading", level=1)).to_have_text("Your diary")
    site.get_by_role("link", name="History").first.click()
    expect(site.locator(".history-item--techniques")).to_contain_text("Heat · 15 min · 7 → 3")
    session = TechniqueSession.objects.get(owner=patient)
    assert (session.technique.slug, session.intensity_before, session.intensity_after) == (
        "heat",
        7,
        3,
    )


def test_the_history_filtered_then_an_entry_edited_and_deleted_keeps_its_filter(
    logged_in_site, patient, make_spasm, make_medication, make_dose
):
    now = timezone.now()
    make_spasm(patient, when=now, intensity=5, areas=("neck",))
    medicine = make_medication(patient, "Magnesium", amount="300", unit="mg", class_slug=None)
    make_dose(patient, medicine, when=now, amount="300", unit="mg")
    site = logged_in_site
    site.get_by_role("link", name="History").first.click()
    items = site.locator(".history-item")
    expect(items).to_have_count(2)

    site.get_by_text("Filter", exact=True).click()
    site.get_by_label("Spasm", exact=True).check()
    site.get_by_role("button", name="Show", exact=True).click()
    expect(items).to_have_count(1)
    expect(site).to_have_url(re.compile(r"kinds=spasms"))
    expect(items.first).to_contain_text("Neck · 5/10")

    items.first.get_by_role("link", name=re.compile("^Open")).click()
    site.get_by_role("group", name="How bad was it?").get_by_label("6", exact=True).check()
    site.get_by_role("button", name="Save", exact=True).click()
    expect(site.locator(".history-item--spasms")).to_contain_text("Neck · 6/10")

    site.locator(".history-item--spasms").get_by_role("link", name=re.compile("^Open")).click()
    site.get_by_role("link", name="Delete this entry").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Delete this entry?")
    site.get_by_role("button", name="Yes, delete it").click()

    # Back on history with its filter kept: spasms only, and none left.
    expect(site).to_have_url(re.compile(r"kinds=spasms"))
    expect(site.locator(".history-item--spasms")).to_have_count(0)
    expect(site.locator(".history-item--doses")).to_have_count(0)
    assert not Spasm.objects.filter(owner=patient).exists()
    assert Dose.objects.filter(owner=patient).count() == 1


def test_insights_for_30_then_90_days(logged_in_site, patient):
    build_diary(patient, 100, random.Random(5), now=timezone.now())
    site = logged_in_site
    site.goto(site.base + "/diary/insights/")
    expect(site.get_by_role("heading", level=1)).to_have_text("What your diary shows")
    period = site.get_by_role("navigation", name="Period")
    expect(period.get_by_role("link", name="Last 30 days")).to_have_attribute(
        "aria-current", "page"
    )
    thirty = spasm_count(site)

    period.get_by_role("link", name="Last 90 days").click()
    expect(site).to_have_url(re.compile(r"days=90"))
    expect(period.get_by_role("link", name="Last 90 days")).to_have_attribute(
        "aria-current", "page"
    )
    assert spasm_count(site) > thirty
    chart = site.locator("figure", has=site.get_by_role("img", name="Spasms per day"))
    chart.get_by_text("Show the numbers").click()
    numbers = chart.get_by_role("table", name="Spasms per day, with the 7-day average")
    expect(numbers.locator("tbody tr")).to_have_count(90)


def spasm_count(site):
    figure = site.locator(".summary-figures li").first.locator(".summary-figures__number")
    return int(figure.text_content())


def test_the_report_prints_to_one_or_two_pages(logged_in_site, patient):
    build_diary(patient, 90, random.Random(6), now=timezone.now())
    site = logged_in_site
    site.goto(site.base + "/diary/report/")
    expect(site.get_by_role("heading", level=1)).to_have_text("Spasm diary report")

    for paper in ("A4", "Letter"):
        pdf = PdfReader(io.BytesIO(site.pdf(format=paper, print_background=True)))
        text = pdf.pages[0].extract_text()
        assert 1 <= len(pdf.pages) <= 2, f"{paper}: {len(pdf.pages)} pages"
        assert "Spasm diary report" in text
        assert "Log out" not in text  # the site's header is not printed


def test_from_a_guide_page_to_logging_its_technique(logged_in_site, patient):
    load_guide()
    site = logged_in_site
    site.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Learn about spasms")
    site.get_by_role("link", name="Stretching", exact=True).click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Stretching")

    site.get_by_role("link", name="Log Stretching").click()
    expect(site.get_by_label("Technique")).to_have_value("stretching")
    site.get_by_role("group", name="Did it help?").get_by_label("A lot").check()
    site.get_by_role("button", name="Save", exact=True).click()

    expect(site.get_by_role("heading", level=1)).to_have_text("Your diary")
    session = TechniqueSession.objects.get(owner=patient)
    assert session.technique.slug == "stretching"
