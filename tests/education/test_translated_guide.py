"""The guide in Spanish and German: every shipped page is translated page for page, keeps
the English page's shape (headings and their ids, warning signs in the same tiers,
links, the host's numbers, sources and review date), reads plainly, and each reader
gets it in their own language, or in English with a note when a page has none."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from education.content import CONTENT_DIR, parse_page_file, read_shipped_pages
from education.models import Page

TRANSLATIONS = ("es", "de")
ENGLISH = {fields["slug"]: fields for fields in read_shipped_pages()}
PAIRS = [(language, slug) for language in TRANSLATIONS for slug in sorted(ENGLISH)]
PAIR_IDS = [f"{language}-{slug}" for language, slug in PAIRS]

MAX_AVERAGE_SENTENCE = 12
MAX_SENTENCE = 30
EXTRA_READING_MINUTES = 2
TIERS = ("emergency", "today", "appointment")

LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")
HEADING = re.compile(r"^(#+) (.*?)\s*(?:\{#([\w-]+)\})?\s*$")
LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
PLACEHOLDER = re.compile(r"\{\{[A-Z_]+\}\}")


def translated(language, slug):
    return parse_page_file(CONTENT_DIR / language / f"{slug}.md")


def headings(body):
    """(level, id or None) for each heading of a body, in order."""
    return [
        (len(found.group(1)), found.group(3))
        for found in map(HEADING.match, body.splitlines())
        if found
    ]


def list_items_under_each_heading(body):
    """How many list items each part of the body holds: the part before the first
    heading, then each heading's part up to the next heading of any level."""
    counts = [0]
    for line in body.splitlines():
        if HEADING.match(line):
            counts.append(0)
        elif LIST_ITEM.match(line):
            counts[-1] += 1
    return counts


def tiers(body):
    """{tier id: number of list items} for the `## ... {#id}` parts of a body, each
    running to the next `## ` heading (its `###` parts included)."""
    counts = {}
    current = None
    for line in body.splitlines():
        heading = HEADING.match(line)
        if heading and len(heading.group(1)) <= 2:
            current = heading.group(3) if len(heading.group(1)) == 2 else None
            if current:
                counts[current] = 0
        elif current and LIST_ITEM.match(line):
            counts[current] += 1
    return counts


def placeholders(fields):
    text = "\n".join([fields["summary"], fields["key_points"], fields["body"]])
    return sorted(PLACEHOLDER.findall(text))


def readable_text(fields):
    """What a reader reads: no link targets, heading ids or Markdown marks."""
    text = "\n".join([fields["title"], fields["summary"], fields["key_points"], fields["body"]])
    text = LINK_TARGET.sub("]", text)
    text = re.sub(r"\{#[\w-]+\}", "", text)
    return re.sub(r"[*_#\[\]`>|]", " ", text)


def words(text):
    return re.findall(r"[\w’'-]+", text)


def sentences(text):
    """As tests/education/test_shipped_content.py splits them: a line (a list item, a
    heading) ends a sentence even without a full stop."""
    found = []
    for line in text.splitlines():
        line = LIST_ITEM.sub("", line).strip()
        if line:
            found.extend(s for s in re.split(r"[.!?:;]+(?:\s+|$)", line) if words(s))
    return found


def test_both_languages_translate_every_shipped_page_and_nothing_else():
    for language in TRANSLATIONS:
        files = sorted(path.stem for path in (CONTENT_DIR / language).glob("*.md"))

        assert files == sorted(ENGLISH), language


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_keeps_the_order_sources_review_date_and_evidence(language, slug):
    english, page = ENGLISH[slug], translated(language, slug)

    assert page["order"] == english["order"]
    assert page["reviewed_on"] == english["reviewed_on"]
    assert page["sources"] == english["sources"]
    assert bool(page["evidence"]) == bool(english["evidence"])


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_has_the_same_headings_with_the_same_ids(language, slug):
    assert headings(translated(language, slug)["body"]) == headings(ENGLISH[slug]["body"])


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_has_as_many_list_items_under_each_heading(language, slug):
    english = list_items_under_each_heading(ENGLISH[slug]["body"])

    assert list_items_under_each_heading(translated(language, slug)["body"]) == english


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_has_the_same_links_and_numbers_to_call(language, slug):
    english, page = ENGLISH[slug], translated(language, slug)

    assert sorted(LINK_TARGET.findall(page["body"])) == sorted(LINK_TARGET.findall(english["body"]))
    assert placeholders(page) == placeholders(english)


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_has_as_many_key_points_as_the_english(language, slug):
    page = Page(**translated(language, slug), language=language)
    english = Page(**ENGLISH[slug])

    assert 3 <= len(page.key_point_list()) <= 7
    assert len(page.key_point_list()) == len(english.key_point_list())


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_is_written_in_short_sentences(language, slug):
    found = sentences(readable_text(translated(language, slug)))
    average = sum(len(words(sentence)) for sentence in found) / len(found)

    assert average <= MAX_AVERAGE_SENTENCE
    assert [s for s in found if len(words(s)) > MAX_SENTENCE] == []


@pytest.mark.parametrize(("language", "slug"), PAIRS, ids=PAIR_IDS)
def test_a_translation_takes_at_most_two_minutes_longer_to_read(language, slug):
    page = Page(**translated(language, slug), language=language)
    english = Page(**ENGLISH[slug])

    assert page.reading_minutes() <= english.reading_minutes() + EXTRA_READING_MINUTES


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_when_to_get_help_lists_as_many_signs_in_each_tier_as_the_english(language):
    english = tiers(ENGLISH["when-to-seek-care"]["body"])
    page = tiers(translated(language, "when-to-seek-care")["body"])

    assert list(english) == list(TIERS)
    assert page == english


# --- what readers see --------------------------------------------------------------------


def test_a_spanish_reader_sees_the_spanish_titles_on_the_guide(client, shipped_pages):
    spanish = Page.objects.filter(language="es")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    html = client.get(reverse("education:index")).content.decode()

    assert spanish.count() == len(ENGLISH)
    assert [page.title for page in spanish if escape(page.title) not in html] == []
    assert escape(translated("es", "sleep")["title"]) in html
    assert f">{ENGLISH['sleep']['title']}<" not in html


def test_a_german_reader_gets_the_german_sleep_page(client, shipped_pages):
    response = client.get(reverse("education:page", args=["sleep"]), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()

    assert response.context["page"].language == "de"
    assert '<html lang="de"' in html
    assert escape(translated("de", "sleep")["title"]) in html
    assert "learn-fallback" not in html
    assert 'lang="en"' not in html.split('class="learn-body"')[1].split(">")[0]


def test_a_page_with_no_translation_is_shown_in_english_with_a_note(
    client, shipped_pages, make_page
):
    make_page("our-walking-group", title="Our walking group", order=900)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    html = client.get(reverse("education:page", args=["our-walking-group"])).content.decode()

    assert '<html lang="es"' in html
    assert 'class="learn-fallback' in html
    assert '<h1 lang="en">Our walking group</h1>' in html
    assert '<div class="learn-body" lang="en">' in html


def test_searching_in_spanish_finds_the_spanish_pages(client, shipped_pages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    response = client.get(reverse("education:search"), {"q": "sueño"})
    results = response.context["results"]

    assert "sleep" in [page.slug for page in results]
    assert {page.language for page in results} == {"es"}
