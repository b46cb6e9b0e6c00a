"""Every page, with a year of dense entries, stays under 120 KB compressed: its HTML plus
the CSS and JavaScript it loads, gzipped. Nothing is loaded from another host."""

import gzip
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from diary.care import sharing
from diary.demo import build_diary
from education.content import load_shipped_pages

pytestmark = pytest.mark.django_db

LIMIT = 120 * 1024

PATIENT_PAGES = (
    "/diary/",
    "/diary/history/",
    "/diary/history/?kinds=spasms&trigger=poor-sleep",
    "/diary/insights/?days=90",
    "/diary/insights/?days=365",
    "/diary/report/",
    "/learn/stretching/",
)


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.local, self.elsewhere = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = None
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            url = attrs.get("href")
        elif tag == "script":
            url = attrs.get("src")
        for value in (attrs.get("src"), attrs.get("href")):
            if value and re.match(r"^(https?:)?//", value):
                self.elsewhere.append(value)
        if url:
            self.local.append(url)


def gzipped(data):
    return len(gzip.compress(data, compresslevel=9))


def weight(html, client):
    assets = Assets()
    assets.feed(html.decode())
    total = gzipped(html)
    assert assets.local, "the page's own CSS and scripts are found"
    for url in assets.local:
        if url.startswith(settings.STATIC_URL):
            path = finders.find(url.split(settings.STATIC_URL, 1)[1])
            assert path, f"{url} is not a static file"
            total += gzipped(Path(path).read_bytes())
        else:  # the site's own, made by a view (the scripts' words, /jsi18n/)
            response = client.get(url)
            assert response.status_code == 200, url
            total += gzipped(response.content)
    return total, assets.elsewhere


@pytest.fixture
def a_year_of_entries(patient):
    load_shipped_pages()
    build_diary(patient, 365, random.Random(3), density=3.6)
    return patient


def test_every_page_weighs_under_120_kb_compressed_and_loads_nothing_from_elsewhere(
    client, patient, doctor, a_year_of_entries, otp_verified
):
    sharing.grant(patient, doctor)
    clinician_client = Client()
    otp_verified(clinician_client, doctor)
    client.force_login(patient)
    pages = [(client, url) for url in PATIENT_PAGES] + [
        (clinician_client, "/admin/diary/sharedpatient/"),
        (clinician_client, f"/admin/diary/sharedpatient/{patient.pk}/summary/?days=90"),
    ]

    too_heavy = {}
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        total, elsewhere = weight(response.content, client)
        assert elsewhere == [], url
        if total >= LIMIT:
            too_heavy[url] = f"{total / 1024:.0f} KB"

    assert too_heavy == {}
