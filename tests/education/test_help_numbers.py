"""The host's emergency number and crisis line, wherever a guide page says "call"."""

import pytest
from django.urls import reverse

from education.models import Page, render_markdown

pytestmark = pytest.mark.django_db

CALL = "Call {{EMERGENCY_NUMBER}} now, or {{CRISIS_LINE}}."


def test_without_the_hosts_numbers_a_page_says_plain_words(settings):
    settings.EMERGENCY_NUMBER = ""
    settings.CRISIS_LINE = ""

    html = render_markdown(CALL)

    assert "Call <strong>your local emergency number</strong> now" in html
    assert "<strong>a crisis line in your country</strong>" in html
    assert "{{" not in html


def test_the_hosts_numbers_are_shown_as_links_a_phone_can_dial(settings):
    settings.EMERGENCY_NUMBER = "999"
    settings.CRISIS_LINE = "Samaritans 116 123"

    html = render_markdown(CALL)

    assert '<a class="help-number" href="tel:999">999</a>' in html
    assert '<a class="help-number" href="tel:116123">Samaritans 116 123</a>' in html


def test_a_hosts_number_is_escaped_not_read_as_html(settings):
    settings.EMERGENCY_NUMBER = '112 <script>alert("x")</script>'

    html = render_markdown(CALL)

    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_a_placeholder_at_the_end_of_a_heading_is_not_read_as_attributes(settings):
    settings.EMERGENCY_NUMBER = "911"

    html = render_markdown("## Call {{EMERGENCY_NUMBER}}\n\nWords.")

    assert html.startswith("<h2>Call ")
    assert 'href="tel:911"' in html


def test_the_summary_and_key_points_show_the_hosts_number_as_text(settings):
    settings.EMERGENCY_NUMBER = "000"
    page = Page(summary="Call {{EMERGENCY_NUMBER}} now.", key_points="Call {{EMERGENCY_NUMBER}}.")

    assert page.summary_text() == "Call 000 now."
    assert page.key_point_list() == ["Call 000."]


def test_a_page_shows_the_hosts_number_where_it_says_call(client, make_page, settings):
    settings.EMERGENCY_NUMBER = "112"
    make_page("help", summary="Call {{EMERGENCY_NUMBER}}.", body="Call {{EMERGENCY_NUMBER}} now.")

    html = client.get(reverse("education:page", args=["help"])).content.decode()

    assert '<p class="lead">Call 112.</p>' in html
    assert 'href="tel:112"' in html
    assert "EMERGENCY_NUMBER" not in html


def test_every_pages_footer_gives_the_hosts_emergency_number(client, settings):
    settings.EMERGENCY_NUMBER = "112"

    html = client.get(reverse("education:index")).content.decode()

    footer = html[html.index('class="site-footer"') :]
    assert "In an emergency, call 112." in footer
    assert f'href="{reverse("education:page", args=["when-to-seek-care"])}"' in footer


def test_the_report_points_a_patient_to_talking_with_their_clinician(patient_client):
    html = patient_client.get(reverse("diary:report")).content.decode()

    assert f'href="{reverse("education:page", args=["talking-with-your-clinician"])}"' in html
