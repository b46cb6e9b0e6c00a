"""The appointment report as Chromium prints it (page.pdf, the browser's own print):
one page or two on A4 and Letter, every page naming the patient and the period with
"Page N of M", and every body area of the period on paper, not just the first few."""

import io
import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from diary.demo import build_diary
from diary.models import BodyArea, Spasm
from tests.browser.a11y import log_in

SHOWN_NAME = "Robin Example"


@pytest.fixture
def many_areas(patient):
    """90 days of the demo diary, then one spasm in every body area of the catalogue."""
    patient.shown_name = SHOWN_NAME
    patient.save(update_fields=["shown_name"])
    build_diary(patient, 90, random.Random(6), now=timezone.now())
    started = timezone.now() - timedelta(days=3)
    for number, area in enumerate(BodyArea.objects.filter(is_active=True)):
        spasm = Spasm.objects.create(
            owner=patient, started_at=started - timedelta(minutes=number), intensity=5
        )
        spasm.body_areas.add(area)
    return sorted(BodyArea.objects.filter(is_active=True).values_list("name", flat=True))


@pytest.fixture
def printed(site, patient, many_areas):
    """The report of the last 30 days as printed on A4 and on Letter: pages of text."""
    log_in(site, patient.username)
    site.goto(site.base + "/diary/report/")
    expect(site.get_by_role("heading", level=1)).to_have_text("Spasm diary report")
    return {
        paper: [page.extract_text() for page in PdfReader(io.BytesIO(site.pdf(format=paper))).pages]
        for paper in ("A4", "Letter")
    }


def one_line(text):
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_it_prints_on_one_page_or_two(printed, paper):
    assert 1 <= len(printed[paper]) <= 2, f"{paper}: {len(printed[paper])} pages"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_page_names_the_patient_and_the_period(printed, paper):
    today = timezone.localdate()
    first = today - timedelta(days=29)
    period = f"{first:%-d %B %Y} to {today:%-d %B %Y}"
    for number, text in enumerate(printed[paper], start=1):
        assert f"{SHOWN_NAME} · {period}" in one_line(text), f"{paper}, page {number}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_page_says_page_n_of_m(printed, paper):
    pages = printed[paper]
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in one_line(text), f"{paper}, page {number}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_body_area_is_on_paper(printed, paper, many_areas):
    text = one_line(" ".join(printed[paper]))
    missing = [name for name in many_areas if name not in text]
    assert not missing
    assert "more are on screen" not in text.split("Triggers")[0]
