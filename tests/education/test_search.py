import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEARCH = reverse("education:search")


def test_it_finds_a_page_by_a_word_in_its_body(client, shipped_pages):
    html = client.get(SEARCH, {"q": "tetanus"}).content.decode()

    assert "1 page found for “tetanus”" in html
    assert f'href="{reverse("education:page", args=["when-to-seek-care"])}"' in html


def test_it_ignores_case_and_searches_titles_summaries_and_key_points(client, make_page):
    make_page("a", title="Warm BATHS")
    make_page("b", summary="Why a warm bath helps.")
    make_page("c", key_points="A warm bath before bed.")
    make_page("d", title="Nothing about it")

    html = client.get(SEARCH, {"q": "warm bath"}).content.decode()

    assert "3 pages found" in html
    assert "Nothing about it" not in html


def test_it_shows_an_empty_state_when_nothing_matches(client, shipped_pages):
    html = client.get(SEARCH, {"q": "xylophone"}).content.decode()

    assert "No pages found for “xylophone”" in html
    assert f'href="{reverse("education:index")}"' in html


def test_it_never_finds_an_unpublished_page(client, make_page):
    make_page("hidden", body="A secret remedy.", is_published=False)

    html = client.get(SEARCH, {"q": "secret remedy"}).content.decode()

    assert "No pages found" in html


def test_it_escapes_the_query(client, shipped_pages):
    html = client.get(SEARCH, {"q": '<script>alert("x")</script>'}).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_an_empty_query_shows_the_form_and_no_results(client, shipped_pages):
    html = client.get(SEARCH, {"q": "   "}).content.decode()

    assert 'name="q"' in html
    assert "found" not in html


def test_it_keeps_the_query_in_the_search_box(client, shipped_pages):
    html = client.get(SEARCH, {"q": "sleep"}).content.decode()

    assert 'value="sleep"' in html


def test_it_needs_no_sign_in(client, db):
    assert client.get(SEARCH, {"q": "sleep"}).status_code == 200
