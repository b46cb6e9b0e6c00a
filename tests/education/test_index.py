import pytest
from django.urls import reverse

from education.models import Page, by_section
from tests.helpers import text_between_tags

pytestmark = pytest.mark.django_db

INDEX = reverse("education:index")


def test_it_lists_every_published_page_with_its_summary_and_reading_time(client, shipped_pages):
    page = client.get(INDEX).content.decode()

    assert shipped_pages.exists()
    for shipped in shipped_pages:
        assert f'href="{shipped.get_absolute_url()}"' in page
        assert shipped.summary in page
    assert page.count('class="learn-meta"') == shipped_pages.count()
    assert "minutes to read" in page


def test_it_groups_pages_by_section_in_the_guides_order(client, shipped_pages):
    page = client.get(INDEX).content.decode()

    sections = text_between_tags(page, "h2")
    assert sections == [section for section, _ in by_section(Page.objects.read_in("en"))]
    assert sections[0] == "Start here"
    assert page.index("About this guide") < page.index("What muscle spasms are")
    assert page.index("What muscle spasms are") < page.index("When the nervous system")


def test_it_keeps_a_section_together_when_a_hosts_page_comes_much_later(client, make_page):
    make_page("one", section="Start here", order=1)
    make_page("two", section="Our group", order=2)
    make_page("three", section="Start here", order=3)

    sections = text_between_tags(client.get(INDEX).content.decode(), "h2")

    assert sections == ["Start here", "Our group"]


def test_it_hides_unpublished_pages(client, make_page):
    make_page("visible", title="A visible page")
    make_page("hidden", title="A hidden page", is_published=False)

    page = client.get(INDEX).content.decode()

    assert "A visible page" in page
    assert "A hidden page" not in page


def test_it_says_so_when_there_are_no_pages_yet(client, db):
    page = client.get(INDEX).content.decode()

    assert "There are no guide pages yet" in page


def test_it_needs_no_sign_in(client, shipped_pages):
    assert client.get(INDEX).status_code == 200


def test_it_offers_a_search_form(client, shipped_pages):
    page = client.get(INDEX).content.decode()

    assert f'action="{reverse("education:search")}"' in page
    assert 'name="q"' in page


def test_its_query_count_does_not_grow_with_the_pages(
    client, shipped_pages, make_page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        client.get(INDEX)
    for number in range(40):
        make_page(f"extra-{number}")

    with django_assert_max_num_queries(1):
        response = client.get(INDEX)

    assert "Extra 39" in response.content.decode()
