"""A page's Markdown becomes HTML that is safe to show, whoever wrote it."""

import pytest
from django.urls import reverse

from education.models import Page, render_markdown

pytestmark = pytest.mark.django_db

FORBIDDEN = ["<script", "alert(", "onclick", "onerror", "javascript:", "<img", "<style", "<iframe"]


def test_markdown_becomes_headings_lists_emphasis_and_links():
    html = render_markdown("## Heading\n\n- **bold** item\n- [a page](/learn/sleep/)\n")

    assert "<h2>Heading</h2>" in html
    assert "<li><strong>bold</strong> item</li>" in html
    assert 'href="/learn/sleep/"' in html


def test_scripts_and_event_handlers_are_removed_from_a_page(client, make_page):
    make_page(
        "unsafe",
        body=(
            "Hello <script>alert('x')</script> there.\n\n"
            '<p onclick="steal()">Click</p>\n\n'
            '<a href="javascript:steal()">a trap</a> and <img src=x onerror="steal()">\n\n'
            '<style>body { display: none }</style> <iframe src="https://example.org"></iframe>'
        ),
    )

    html = client.get(reverse("education:page", args=["unsafe"])).content.decode()
    body = html[html.index('class="learn-body"') : html.index('class="learn-note"')]

    for forbidden in FORBIDDEN:
        assert forbidden not in body
    assert "Click" in body and "a trap" in body


def test_a_top_level_heading_in_a_body_does_not_compete_with_the_page_title():
    html = Page(body="# Big\n\nText.").rendered_body()

    assert "<h1" not in html
    assert "Big" in html


def test_a_heading_can_carry_an_id_that_other_pages_link_to():
    html = render_markdown("## Call emergency services now {#emergency}\n\nWords.")

    assert '<h2 id="emergency">Call emergency services now</h2>' in html


def test_a_table_becomes_an_html_table_with_header_cells():
    html = render_markdown("| Approach | How sure |\n|---|---|\n| Exercise | Strong |\n")

    assert "<table>" in html
    assert "<th>Approach</th>" in html
    assert "<td>Strong</td>" in html


def test_attributes_other_than_a_headings_id_are_removed():
    html = render_markdown('## Heading {#top onclick="steal()" style="color: red"}\n')

    assert 'id="top"' in html
    assert "onclick" not in html and "style" not in html
