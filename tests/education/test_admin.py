"""The host edits shipped pages and adds the group's own in the admin."""

import pytest
from django.urls import reverse

from education.content import load_shipped_pages
from education.models import Page

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:education_page_changelist")
ADD = reverse("admin:education_page_add")


def form_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "section": page.section,
        "order": page.order,
        "is_published": "on" if page.is_published else "",
        # As a browser sends a textarea back.
        "key_points": page.key_points.replace("\n", "\r\n"),
        "body": page.body.replace("\n", "\r\n"),
        "evidence": page.evidence,
        "sources": page.sources.replace("\n", "\r\n"),
        "reviewed_on": page.reviewed_on.isoformat() if page.reviewed_on else "",
    }
    return {name: value for name, value in (data | changes).items() if value != ""}


def test_the_host_sees_every_page_with_its_source(host_client, shipped_pages):
    html = host_client.get(CHANGELIST).content.decode()

    assert "When the nervous system turns up the volume" in html
    assert "Shipped with Unknot" in html
    assert f"{Page.objects.count()} guide pages" in html


def test_the_host_can_search_the_pages(host_client, shipped_pages):
    html = host_client.get(CHANGELIST, {"q": "bladder"}).content.decode()

    assert "When to get help" in html
    assert "Trigger points" not in html


def test_the_host_can_add_the_groups_own_page(host_client, db):
    response = host_client.post(
        ADD,
        {
            "title": "Our meetings",
            "slug": "our-meetings",
            "summary": "When and where our group meets.",
            "section": "Our group",
            "language": "en",
            "order": "900",
            "is_published": "on",
            "key_points": "We meet on Tuesdays.\r\nEveryone is welcome.",
            "body": "Come along.\r\n\r\n## Where\r\n\r\nThe library.",
            "sources": "Our group's committee, 2026",
            "reviewed_on": "2026-12-01",
        },
    )

    assert response.status_code == 302
    page = Page.objects.get(slug="our-meetings")
    assert not page.is_shipped
    assert page.key_point_list() == ["We meet on Tuesdays.", "Everyone is welcome."]


def test_a_page_cannot_take_the_search_address(host_client, db):
    response = host_client.post(
        ADD,
        {
            "title": "Search",
            "slug": "search",
            "summary": "S.",
            "section": "S",
            "order": "1",
            "key_points": "K.",
            "body": "B.",
        },
    )

    assert response.status_code == 200
    assert "used by the guide itself" in response.content.decode()
    assert not Page.objects.filter(slug="search").exists()


def test_a_hosts_edit_in_the_admin_survives_reloading(host_client, shipped_pages):
    page = shipped_pages.get(slug="sleep")
    change = reverse("admin:education_page_change", args=[page.pk])

    response = host_client.post(change, form_data(page, body="Our group's sleep tips."))
    load_shipped_pages()

    assert response.status_code == 302
    assert Page.objects.get(slug="sleep", language="en").body == "Our group's sleep tips."


def test_saving_a_shipped_page_unchanged_in_the_admin_is_not_an_edit(host_client, shipped_pages):
    page = shipped_pages.get(slug="sleep")
    change = reverse("admin:education_page_change", args=[page.pk])

    host_client.post(change, form_data(page))
    page.refresh_from_db()

    from education.content import page_checksum

    assert page_checksum(page) == page.shipped_checksum


def test_a_shipped_pages_address_cannot_be_changed(host_client, shipped_pages):
    page = shipped_pages.get(slug="sleep")
    change = reverse("admin:education_page_change", args=[page.pk])

    html = host_client.get(change).content.decode()
    host_client.post(change, form_data(page, slug="renamed"))

    assert 'name="slug"' not in html
    assert Page.objects.filter(slug="sleep", language="en").exists()
    assert not Page.objects.filter(slug="renamed").exists()


def test_a_patient_cannot_open_the_page_admin(patient_client, db):
    response = patient_client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_a_hosts_page_needs_its_sources_and_a_review_date(host_client, db):
    response = host_client.post(
        ADD,
        {
            "title": "Our tips",
            "slug": "our-tips",
            "summary": "Tips from members.",
            "section": "Our group",
            "order": "900",
            "key_points": "Rest.\r\nPace.",
            "body": "Words.",
            "language": "en",
        },
    )

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"sources", "reviewed_on"}
    assert not Page.objects.filter(slug="our-tips").exists()
