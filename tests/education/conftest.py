"""Guide pages for the education tests: the shipped set, loaded for real, and a
factory for pages a test makes up."""

import re
import textwrap

import pytest

from education.content import load_shipped_pages
from education.models import Page


@pytest.fixture
def shipped_pages(db):
    load_shipped_pages()
    return Page.objects.all()


@pytest.fixture
def make_page(db):
    def make(slug, **fields):
        defaults = {
            "title": slug.replace("-", " ").capitalize(),
            "summary": f"A short summary of {slug}.",
            "section": "Testing",
            "order": 500,
            "key_points": "The first point.\nThe second point.",
            "body": "Some words about this.\n\n## A heading\n\nMore words here.",
        }
        return Page.objects.create(slug=slug, **(defaults | fields))

    return make


@pytest.fixture
def host(make_user):
    return make_user("host", is_staff=True, is_superuser=True)


@pytest.fixture
def host_client(client, host):
    client.force_login(host)
    return client


def write_page(directory, slug, *, title="A page", order=10, body="Plain words.", **extra):
    """Write one shipped-style Markdown file into directory."""
    key_points = extra.get("key_points", "One point.\nAnother point.")
    headers = [
        f"Title: {title}",
        f"Summary: {extra.get('summary', 'What this page is about.')}",
        f"Section: {extra.get('section', 'Start here')}",
        f"Order: {order}",
        "Key-points: " + "\n    ".join(key_points.splitlines()),
    ]
    text = "\n".join(headers) + "\n\n" + textwrap.dedent(body).strip() + "\n"
    (directory / f"{slug}.md").write_text(text, encoding="utf-8")


def text_between_tags(html, tag):
    """The text inside every <tag>…</tag>, tags inside it removed."""
    return [
        re.sub(r"<[^>]+>", "", inner).strip()
        for inner in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)
    ]
