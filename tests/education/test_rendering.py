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
