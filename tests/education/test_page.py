import datetime

import pytest
from django.urls import reverse

from diary.models import Technique
from tests.helpers import text_between_tags

pytestmark = pytest.mark.django_db


def url(slug):
    return reverse("education:page", args=[slug])


def test_it_shows_the_key_points_in_a_box_with_a_heading(client, shipped_pages):
    page = shipped_pages.get(slug="stretching")

    html = client.get(url("stretching")).content.decode()

    aside = html[html.index("<aside") : html.index("</aside>")]
    assert "<h2" in aside and "Key points" in aside
    assert text_between_tags(aside, "li") == page.key_point_list()


def test_it_shows_the_title_body_and_reading_time(client, shipped_pages):
    html = client.get(url("stretching")).content.decode()

    assert "<h1>Stretching</h1>" in html
    assert "<h2>How to stretch safely</h2>" in html
    assert "About 3 minutes to read" in html


def test_it_links_to_the_previous_and_next_pages_in_order(client, shipped_pages):
    html = client.get(url("trigger-points")).content.decode()

    assert f'rel="prev" href="{url("central-sensitization")}"' in html
    assert f'rel="next" href="{url("spasm-pain-sleep-cycle")}"' in html


def test_the_first_page_has_no_previous_and_the_last_no_next(client, shipped_pages):
    first = client.get(url("about-this-guide")).content.decode()
    last = client.get(url("when-to-seek-care")).content.decode()

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_previous_and_next_skip_unpublished_pages(client, shipped_pages):
    shipped_pages.filter(slug="trigger-points").update(is_published=False)

    html = client.get(url("central-sensitization")).content.decode()

    assert f'rel="next" href="{url("spasm-pain-sleep-cycle")}"' in html


def test_it_says_it_is_not_medical_advice_and_links_to_the_guide_and_to_care(client, shipped_pages):
    html = client.get(url("sleep")).content.decode()

    note = html[html.index('class="learn-note"') :]
    assert "not medical advice" in note
    assert f'href="{url("about-this-guide")}"' in note
    assert f'href="{url("when-to-seek-care")}"' in note


def test_an_unpublished_page_is_not_found(client, make_page):
    make_page("draft", is_published=False)

    assert client.get(url("draft")).status_code == 404


def test_an_unknown_page_is_not_found(client, db):
    assert client.get(url("no-such-page")).status_code == 404


def test_it_needs_no_sign_in(client, shipped_pages):
    assert client.get(url("sleep")).status_code == 200


def test_it_offers_no_log_button_to_a_visitor(client, shipped_pages):
    assert "learn-actions" not in client.get(url("stretching")).content.decode()


def test_its_query_count_is_small_and_fixed(client, shipped_pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the page, the previous, the next
        client.get(url("stretching"))


@pytest.fixture
def technique_model():
    return Technique


def test_it_offers_a_signed_in_patient_to_log_the_technique_it_explains(
    patient_client, shipped_pages, technique_model
):
    technique_model.objects.create(
        slug="test-gentle-stretch", name="Gentle test stretch", learn_slug="stretching"
    )

    html = patient_client.get(url("stretching")).content.decode()

    log_url = reverse("diary:technique_log")
    assert f'href="{log_url}?technique=test-gentle-stretch"' in html
    assert "Log Gentle test stretch" in html


def test_a_page_that_explains_no_technique_has_no_log_button(
    patient_client, shipped_pages, technique_model
):
    technique_model.objects.create(
        slug="test-gentle-stretch", name="Gentle test stretch", learn_slug="stretching"
    )

    html = patient_client.get(url("about-this-guide")).content.decode()

    assert "Log Gentle test stretch" not in html


def test_its_query_count_stays_small_for_a_signed_in_patient(
    patient_client, shipped_pages, django_assert_max_num_queries
):
    # The session and the user, then the page, the previous, the next, the techniques.
    with django_assert_max_num_queries(6):
        patient_client.get(url("stretching"))


def test_it_prints_without_navigation_or_previous_and_next(client, shipped_pages):
    html = client.get(url("trigger-points")).content.decode()

    assert 'class="learn-pager no-print"' in html
    assert 'class="learn-back no-print"' in html


def test_a_technique_no_longer_offered_has_no_log_button(
    patient_client, shipped_pages, technique_model
):
    technique_model.objects.create(
        slug="test-old-stretch", name="Old test stretch", learn_slug="stretching", is_active=False
    )

    html = patient_client.get(url("stretching")).content.decode()

    assert "Log Old test stretch" not in html


def test_it_shows_its_sources_and_review_date_at_its_foot(client, make_page):
    make_page(
        "cramps",
        sources="Muscle cramps — Merck Manual, 2024\nLeg cramps — NICE, 2023",
        reviewed_on=datetime.date(2026, 12, 1),
    )

    html = client.get(url("cramps")).content.decode()

    foot = html[html.index('class="learn-sources"') :]
    assert text_between_tags(foot, "li")[:2] == [
        "Muscle cramps — Merck Manual, 2024",
        "Leg cramps — NICE, 2023",
    ]
    assert '<time datetime="2026-12-01">' in foot


def test_a_page_without_sources_says_so_rather_than_showing_nothing(client, make_page):
    make_page("ours", sources="", reviewed_on=None)

    html = client.get(url("ours")).content.decode()

    assert "This page does not list its sources yet." in html
    assert "This page has no review date yet." in html


def test_a_technique_page_says_how_sure_we_are(client, make_page):
    make_page("warmth", evidence="Little research: a few small studies.")

    html = client.get(url("warmth")).content.decode()

    assert "How sure are we?</strong> Little research: a few small studies." in html
