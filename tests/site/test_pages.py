import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "login", "signup", "password_reset", "education:index"]
PRIVATE_PAGES = ["diary:dashboard", "profile", "password_change"]


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_has_its_own_title(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert title_of(response).endswith("· Unknot")
    assert not title_of(response).startswith("·")


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_every_signed_in_page_has_its_own_title(patient_client, name):
    response = patient_client.get(reverse(name))

    assert response.status_code == 200
    assert not title_of(response).startswith("·")


def test_the_home_page_leads_to_learn_and_sign_up(client):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("signup")}"' in page
    assert f'href="{reverse("education:index")}"' in page


def test_the_home_page_sends_a_signed_in_patient_to_the_diary(patient_client):
    response = patient_client.get(reverse("home"))

    assert response.url == reverse("diary:dashboard")


def test_pages_have_landmarks_a_skip_link_and_a_language(client):
    page = client.get(reverse("home")).content.decode()

    assert '<html lang="en">' in page
    assert 'href="#main"' in page
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in page


def test_pages_load_no_asset_from_another_host(client):
    page = client.get(reverse("home")).content.decode()

    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script>" not in page


def test_htmx_is_served_by_the_app(client):
    page = client.get(reverse("home")).content.decode()

    assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js"', page)


def test_an_unknown_address_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "find that page" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("diary:dashboard", "Diary"),
        ("diary:history", "Diary"),
        ("diary:insights", "Insights"),
        ("diary:report", "Insights"),
        ("diary:sharing", "Sharing"),
        ("education:index", "Learn"),
        ("profile", "Account"),
    ],
)
def test_the_navigation_marks_where_the_patient_is(patient_client, name, current):
    page = patient_client.get(reverse(name)).content.decode()
    main_nav = re.search(r'<nav class="container site-nav".*?</nav>', page, re.S).group(0)

    marked = re.findall(r'aria-current="page">([^<]+)<', main_nav)
    assert marked == [current]


def test_the_account_page_leads_to_export_reminders_and_deletion(patient_client):
    page = patient_client.get(reverse("profile")).content.decode()

    for name in ("diary:export", "diary:import", "diary:reminders", "diary:delete_account"):
        assert f'href="{reverse(name)}"' in page
