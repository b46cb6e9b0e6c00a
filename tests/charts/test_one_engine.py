"""The patient's pages and the clinician's summary draw their charts with one engine:
the same templates (templates/charts/), so the same structure and classes. A second
engine coming back for either side would draw its spasms-per-day chart differently."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from diary.care import sharing
from tests.conftest import today_for

pytestmark = pytest.mark.django_db

# The parts every bar chart of days is drawn with, on either side.
BAR_CHART_OF_DAYS = {
    ("svg", "chart__svg"),
    ("g", "chart__grid"),
    ("text", "chart__axis-label"),
    ("g", "chart__ticks"),
    ("g", "chart__bars"),
    ("rect", "chart__bar"),
}


class ChartParts(HTMLParser):
    """The (tag, class) of every element inside the SVG chart titled `title`."""

    def __init__(self, title):
        super().__init__()
        self.title, self.charts, self.current, self.depth, self.in_title = title, [], None, 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("role") == "img" and self.current is None:
            self.current, self.depth, self.opening = set(), 0, self.get_starttag_text()
        if self.current is None:
            return
        self.depth += 1
        self.current.add((tag, attrs.get("class", "")))
        self.in_title = tag == "title" and self.depth == 2

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        if self.in_title and data.strip() == self.title:
            self.charts.append((self.current, self.opening))

    def handle_endtag(self, tag):
        if self.current is None:
            return
        self.in_title = False
        self.depth -= 1
        if self.depth == 0:
            self.current = None


def chart_titled(title, page):
    parser = ChartParts(title)
    parser.feed(page)
    assert len(parser.charts) == 1, f"{len(parser.charts)} charts titled {title!r}"
    return parser.charts[0]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_insights_and_the_summary_draw_spasms_per_day_through_the_same_include(
    patient, doctor, diary
):
    today = today_for(patient)
    diary.spasm(today - timedelta(days=1), intensity=4)
    diary.spasm(today, intensity=9)  # unusual: drawn in the unusual colour on the summary
    sharing.grant(patient, doctor)

    insights = logged_in(patient).get(reverse("diary:insights")).content.decode()
    summary_url = reverse("admin:diary_sharedpatient_summary", args=[patient.pk])
    summary = logged_in(doctor).get(summary_url).content.decode()

    patients_parts, patients_svg = chart_titled("Spasms per day", insights)
    clinicians_parts, clinicians_svg = chart_titled("Spasms per day", summary)
    assert patients_parts >= BAR_CHART_OF_DAYS
    assert clinicians_parts >= BAR_CHART_OF_DAYS
    # The summary's chart has no 7-day line, so nothing the patient's has not.
    assert clinicians_parts - {("rect", "chart__bar chart__bar--unusual")} <= patients_parts
    # ... and the same opening tag, but for the frame's size and the element ids.
    assert patients_svg.split('viewBox="')[0] == clinicians_svg.split('viewBox="')[0]
    assert (
        patients_svg.split('" xmlns=')[1].split("aria-labelledby")[0]
        == (clinicians_svg.split('" xmlns=')[1].split("aria-labelledby")[0])
    )
