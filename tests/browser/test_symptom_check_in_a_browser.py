"""The symptom check in a real Chromium: answered on a phone with JavaScript off, every
answer a 44 px target, no WCAG A/AA problem on the page or on the clinician's summary
that shows the scores."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from diary.care import sharing
from diary.clinical import patient_today
from diary.models import SymptomCheck
from tests.browser.a11y import PHONE, axe_violations, log_in, log_in_to_admin, new_page
from tests.browser.test_accessibility import SMALL_TARGETS
from tests.conftest import Diary

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/diary/symptom-check/"


def answer(page, question, choice):
    page.get_by_role("group", name=question).get_by_label(choice).check()


def test_a_patient_answers_on_a_phone_without_javascript(browser, live_server, patient):
    page = new_page(browser, live_server, PHONE, java_script_enabled=False)
    log_in(page, patient.username)
    page.goto(page.base + PAGE)

    answer(page, "bothered by tiredness", "Moderate – often, and it got in the way")
    answer(page, "wake up still tired", "Severe – most of the time, hard to get through the day")
    answer(page, "thinking clearly", "Mild – now and then, or slight")
    answer(page, "had headaches", "Yes")
    answer(page, "low in your belly", "No")
    page.get_by_role("button", name="Save my answers").click()

    # One question left out: marked, the others kept, nothing saved.
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved yet")
    expect(
        page.get_by_role("group", name="felt low").get_by_text("Choose one answer.")
    ).to_be_visible()
    expect(page.get_by_label("Moderate – often, and it got in the way").first).to_be_checked()
    assert not SymptomCheck.objects.exists()

    answer(page, "felt low", "No")
    page.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_text("Your symptom check is saved.")).to_be_visible()
    table = page.get_by_role("table", name="Your answers, oldest first")
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("Moderate")
    saved = SymptomCheck.objects.get(owner=patient)
    assert (saved.fatigue, saved.waking_unrefreshed, saved.thinking, saved.headaches) == (
        2,
        3,
        1,
        True,
    )
    page.context.close()


def test_the_page_is_accessible_and_every_answer_is_a_44_px_target(browser, live_server, patient):
    SymptomCheck.objects.create(
        owner=patient,
        local_date=patient_today(patient),
        fatigue=1,
        waking_unrefreshed=2,
        thinking=0,
        headaches=False,
        lower_belly_pain=True,
        low_mood=False,
    )
    page = new_page(browser, live_server, PHONE)
    log_in(page, patient.username)
    page.goto(page.base + PAGE)

    assert not axe_violations(page)
    assert not page.evaluate(SMALL_TARGETS)
    page.context.close()


def test_the_clinicians_summary_with_the_scores_is_accessible(
    browser, live_server, patient, clinician
):
    clinician.groups.add(Group.objects.get(name=sharing.CLINICIANS_GROUP))
    sharing.grant(patient, clinician)
    today = patient_today(patient)
    Diary(patient).spasm(today, areas=["neck", "left-shoulder-girdle"])
    for days_ago in (0, 7):
        SymptomCheck.objects.create(
            owner=patient,
            local_date=today - dt.timedelta(days=days_ago),
            fatigue=2,
            waking_unrefreshed=1,
            thinking=1,
            headaches=True,
            lower_belly_pain=False,
            low_mood=False,
        )
    page = new_page(browser, live_server)
    log_in_to_admin(page, clinician.username)
    page.goto(page.base + f"/admin/diary/sharedpatient/{patient.pk}/summary/?days=30")

    section = page.get_by_role("region", name="ACR 2016 scores")
    expect(section).to_contain_text("2 of 19")
    expect(section).to_contain_text("5 of 12")
    expect(section).to_contain_text("7 of 31")
    assert not axe_violations(page)
    page.context.close()
