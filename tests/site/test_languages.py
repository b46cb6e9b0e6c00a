"""Which language a page is in: the member's own choice (their profile) first, then the
footer chooser's cookie, then the browser's Accept-Language, then the host's
LANGUAGE_CODE. The chooser is a plain form that works without JavaScript."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from diary.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CHOOSER = reverse("choose_language")
GUIDE = reverse("education:index")


def in_language(language, message):
    with translation.override(language):
        return translation.gettext(message)


def html_language(response):
    return re.search(r'<html lang="([^"]*)"', response.content.decode()).group(1)


def test_a_browser_asking_for_spanish_gets_the_page_in_spanish(client):
    response = client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="es")
    spanish = in_language("es", "Learn about spasms")

    assert html_language(response) == "es"
    assert spanish != "Learn about spasms"
    assert spanish in response.content.decode()


def test_a_browser_asking_for_a_language_we_do_not_have_gets_the_hosts(client):
    response = client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="ja")

    assert html_language(response) == settings.LANGUAGE_CODE


def test_every_page_says_its_language_in_a_header(client):
    response = client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="es")

    assert response["Content-Language"] == "es"


def test_the_chooser_sets_the_cookie_and_goes_back_to_the_page(client):
    response = client.post(CHOOSER, {"language": "de", "next": GUIDE})

    assert response.status_code == 302
    assert response["Location"] == GUIDE
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert html_language(client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="es")) == "de"


def test_the_chooser_is_a_plain_form_with_a_label_and_a_button(client):
    html = client.get(GUIDE).content.decode()
    form = re.search(r'<form class="language-chooser".*?</form>', html, re.S).group(0)

    assert f'method="post" action="{CHOOSER}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next"' in form
    select_id = re.search(r'<select id="([^"]+)" name="language"', form).group(1)
    assert f'<label for="{select_id}">' in form
    assert '<button type="submit"' in form
    assert not re.search(r"\son\w+=", form), "the chooser must work without JavaScript"
    values = re.findall(r'<option value="([^"]+)"', form)
    assert values == [code for code, _name in settings.LANGUAGES]


def test_the_chooser_ignores_a_language_we_do_not_have(client, patient):
    client.force_login(patient)

    response = client.post(CHOOSER, {"language": "xx", "next": GUIDE})

    patient.refresh_from_db()
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert patient.language == ""


def test_the_chooser_never_sends_anyone_to_another_site(client):
    response = client.post(CHOOSER, {"language": "es", "next": "https://elsewhere.example/"})

    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]
    assert response["Location"].startswith("/")


def test_a_members_choice_is_kept_on_their_profile_and_follows_them(patient_client, patient):
    patient_client.post(CHOOSER, {"language": "de", "next": GUIDE})

    patient.refresh_from_db()
    assert patient.language == "de"
    another_device = Client()
    another_device.force_login(patient)
    assert html_language(another_device.get(GUIDE, HTTP_ACCEPT_LANGUAGE="es")) == "de"


def test_the_profiles_language_field_saves(patient_client, patient):
    response = patient_client.post(
        reverse("profile"),
        {"email": patient.email, "time_zone": patient.time_zone, "language": "es"},
    )

    patient.refresh_from_db()
    assert response.status_code == 302
    assert patient.language == "es"
    assert html_language(patient_client.get(GUIDE, HTTP_ACCEPT_LANGUAGE="de")) == "es"


def test_the_profile_refuses_a_language_we_do_not_have(patient_client, patient):
    response = patient_client.post(
        reverse("profile"),
        {"email": patient.email, "time_zone": patient.time_zone, "language": "xx"},
    )

    patient.refresh_from_db()
    assert response.status_code == 200
    assert patient.language == ""


def test_signing_up_in_spanish_keeps_spanish_as_the_members_language(client):
    client.post(
        reverse("signup"),
        {
            "username": "nueva",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "Europe/Madrid",
        },
        HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9",
    )

    assert User.objects.get(username="nueva").language == "es"
