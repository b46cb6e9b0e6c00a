"""Guide pages for the education tests: a factory for pages a test makes up.

The shipped set (`shipped_pages`) and the host who edits it (`host`, `host_client`)
are the suite's, in tests/conftest.py; `write_page` and `text_between_tags` are plain
helpers in tests/helpers.py."""

import pytest

from education.models import Page


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
