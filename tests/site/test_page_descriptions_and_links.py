"""Every page says what it is about and where its links go: a `<meta name="description">`
on every page of the crawl (a guide page's is its summary), and no link whose whole text
is a word such as "here" or "Learn more", which says nothing read out of its sentence or
in a screen reader's list of links."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from education.models import GUIDE_LANGUAGE, Page
from tests.crawl import render_every_page

# Links that say nothing on their own, in the languages we speak (as Lighthouse lists them).
VAGUE_LINK_TEXT = {
    "click here", "click this", "go", "here", "information", "learn more", "more",
    "more info", "more information", "read more", "right here", "see more", "this",
    "aquí", "haz clic aquí", "leer más", "más", "más información", "ver más",
    "hier", "hier klicken", "mehr", "mehr erfahren", "mehr informationen", "weiterlesen",
}  # fmt: skip


def description(page):
    found = re.findall(r'<meta name="description" content="([^"]*)">', page)
    return [html.unescape(content).strip() for content in found]


class Links(HTMLParser):
    """The whole text of every link of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href") is not None:
            self.open.append([])

    def handle_data(self, data):
        for text in self.open:
            text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self.open:
            self.texts.append(" ".join("".join(self.open.pop()).split()))


def vague_links(page):
    parser = Links()
    parser.feed(page)
    return [text for text in parser.texts if text.lower().strip(" .…:!→»›") in VAGUE_LINK_TEXT]


def test_the_link_check_finds_a_vague_link():
    page = '<p>Stretching helps. <a href="/learn/"><span>Learn more</span> →</a></p>'

    assert vague_links(page) == ["Learn more →"]
    assert vague_links('<a href="/learn/stretching/">Read more about stretching</a>') == []


@pytest.mark.django_db
def test_every_page_has_a_description_of_its_own(patient, clinician, otp_verified):
    pages = render_every_page(patient, clinician, otp_verified)

    missing = [name for name, page in pages.items() if len(description(page)) != 1]
    empty = [name for name, page in pages.items() if description(page) == [""]]

    assert not missing, "No single meta description on:\n" + "\n".join(missing)
    assert not empty, "An empty meta description on:\n" + "\n".join(empty)
    home, guide, diary = pages["en /"], pages["en /learn/"], pages["en /diary/"]
    assert len({description(home)[0], description(guide)[0], description(diary)[0]}) == 3
    # A guide page is described by its summary.
    for page in Page.objects.filter(language=GUIDE_LANGUAGE):
        shown = pages[f"en {reverse('education:page', args=[page.slug])}"]
        assert description(shown) == [page.summary_text()], page.slug


@pytest.mark.django_db
def test_no_link_is_only_learn_more_or_here(patient, clinician, otp_verified):
    pages = render_every_page(patient, clinician, otp_verified)

    vague = {name: links for name, page in pages.items() if (links := vague_links(page))}

    assert not vague, "Links that say nothing on their own:\n" + "\n".join(
        f"{name}: {links}" for name, links in vague.items()
    )
