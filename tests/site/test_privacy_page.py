"""About your privacy: one plain page, linked from every page's footer and from sign-up."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRIVACY = reverse("privacy")


def test_a_visitor_can_read_it(client):
    page = client.get(PRIVACY)

    assert page.status_code == 200
    assert "About your privacy" in page.content.decode()


def test_it_says_who_can_see_a_diary_through_the_app(client):
    text = client.get(PRIVACY).content.decode()

    assert "A clinician you share with can, but only while you share." in text
    assert "not the host who runs this site" in text


def test_it_says_whoever_runs_the_server_can_read_its_files(client):
    text = client.get(PRIVACY).content.decode()

    assert "Whoever runs that server can open its files and read them." in text


def test_it_says_what_a_host_should_do(client):
    text = client.get(PRIVACY).content.decode()

    for advice in ("encryption", "backups encrypted", "as few people as possible"):
        assert advice in text


@pytest.mark.parametrize("name", ["home", "login", "signup", "education:index"])
def test_every_page_footer_links_to_it(client, name, settings):
    settings.SIGNUP = "open"
    page = client.get(reverse(name)).content.decode()

    footer = page[page.index('<footer class="site-footer">') :]
    assert f'href="{PRIVACY}"' in footer


def test_a_signed_in_members_footer_links_to_it_too(patient_client):
    page = patient_client.get(reverse("diary:dashboard")).content.decode()

    assert f'href="{PRIVACY}"' in page[page.index("<footer") :]


def test_the_sign_up_page_says_it_plainly(client, settings):
    settings.SIGNUP = "open"
    text = client.get(reverse("signup")).content.decode()

    assert "not even the host who runs this site" in text
    assert "Whoever runs the server can read its files" in text
