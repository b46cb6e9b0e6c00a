"""The clinician's tables fit a 1280×800 screen: the patients list and every entry list show
all their columns, long names and notes wrapped, with nothing off to the side."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from diary.care import sharing
from tests.browser.a11y import DESKTOP, PASSWORD_FIELD, new_page
from tests.conftest import PASSWORD, Diary, today_for

LISTS = [
    "/admin/diary/sharedpatient/",
    "/admin/diary/spasm/",
    "/admin/diary/dose/",
    "/admin/diary/medication/",
    "/admin/diary/techniquesession/",
    "/admin/diary/checkin/",
]

LONG_NOTE = (
    "Woke me at 3am with the neck locked and the left shoulder pulling down into the arm, "
    "worse after carrying the shopping home https://example.org/a-link-pasted-from-a-forum-"
    "about-magnesium-and-night-cramps-that-runs-on-without-a-single-space-in-it "
    "and it eased only after a hot shower and twenty minutes of stretching on the floor."
)

# The page, and each table against the box it sits in: how wide it is, how wide it may be.
MEASURE = """() => ({
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    tables: [...document.querySelectorAll("#content table")].map(table => ({
        id: table.id || table.className,
        width: table.scrollWidth,
        room: table.parentElement.clientWidth,
        box: [table.parentElement.scrollWidth, table.parentElement.clientWidth],
    })),
})"""


@pytest.fixture
def full_diaries(make_user, make_clinician):
    """A clinician with four patients who share, with long names, many triggers and long notes."""
    doctor = make_clinician("dr_lee")
    for number, (first, last) in enumerate(
        [
            ("Maximiliana", "Bartholomew-Fitzgerald"),
            ("Jo", "Li"),
            ("Anastasia", "Papadopoulou-Featherstonehaugh"),
            ("Sam", ""),
        ]
    ):
        patient = make_user(f"patient_{number}", first_name=first, last_name=last)
        sharing.grant(patient, doctor)
        diary = Diary(patient)
        today = today_for(patient)
        triggers = ["emotional-stress", "poor-posture", "physical-exertion", "poor-sleep", "cold"]
        areas = [
            "neck",
            "left-shoulder-girdle",
            "right-shoulder-girdle",
            "lower-back",
            "left-upper-leg",
        ]
        for hour in (3, 9, 15):
            diary.spasm(
                today,
                hour=hour,
                intensity=8,
                areas=areas,
                triggers=triggers,
                note=LONG_NOTE,
                duration_seconds=3725,
            )
        for days_ago in (1, 2):  # severe three days running: a flag in the patients list
            diary.spasm(today - dt.timedelta(days=days_ago), intensity=9, note=LONG_NOTE)
        medication = diary.medication("Magnesium citrate with vitamin B6, slow release")
        diary.dose(medication, today, note=LONG_NOTE)
        diary.session(today, "heat", before=8, after=3, helped=2, minutes=25, note=LONG_NOTE)
        diary.check_in(today, sleep_hours=4, sleep_quality=2, stress=8, note=LONG_NOTE)
        sharing.mark_reviewed(doctor, patient, today)
    return doctor


def test_the_clinicians_lists_have_no_horizontal_overflow_at_1280_by_800(
    live_server, browser, full_diaries
):
    page = new_page(browser, live_server, DESKTOP)
    page.goto(page.base + "/admin/login/")
    page.get_by_label("Username").fill(full_diaries.username)
    page.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#result_list")).to_be_visible()  # the admin home: the patients list

    for url in LISTS:
        page.goto(page.base + url)
        expect(page.locator("#result_list tbody tr").first).to_be_visible()
        measured = page.evaluate(MEASURE)

        width, room = measured["page"]
        assert width <= room, f"{url}: the page is {width} px wide in a {room} px window"
        assert measured["tables"], url
        for table in measured["tables"]:
            assert table["width"] <= table["room"], f"{url}: {table}"
            assert table["box"][0] <= table["box"][1], f"{url}: {table}"
    page.context.close()
