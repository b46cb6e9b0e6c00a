import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


@pytest.mark.parametrize(
    ("address", "title"),
    [
        (reverse("education:index"), "Learn about spasms · Unknot"),
        (reverse("education:search"), "Search the guide · Unknot"),
        (reverse("education:search") + "?q=sleep", "Search the guide · Unknot"),
        (reverse("education:page", args=["stretching"]), "Stretching · Unknot"),
        (reverse("education:page", args=["trigger-points"]), "Trigger points · Unknot"),
    ],
)
def test_every_guide_page_has_its_own_title(client, shipped_pages, address, title):
    response = client.get(address)

    assert response.status_code == 200
    assert title_of(response) == title
