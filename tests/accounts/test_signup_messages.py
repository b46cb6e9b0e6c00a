"""Sign-up when something is wrong: the password rules in plain words under "Password",
the typed values kept, and the focus on the first field with an error."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from diary.models import User

pytestmark = pytest.mark.django_db

SIGNUP = reverse("signup")


def form(**overrides):
    data = {
        "username": "newpatient",
        "email": "new.patient@example.org",
        "password1": "gentle-stretch-2024",
        "password2": "gentle-stretch-2024",
        "time_zone": "America/Toronto",
    }
    data.update(overrides)
    return data


def same_password(password, **overrides):
    return form(password1=password, password2=password, **overrides)


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def named(self, name):
        return next(attrs for tag, attrs in self.tags if attrs.get("name") == name)

    def with_attribute(self, attribute):
        return [attrs for tag, attrs in self.tags if attribute in attrs]


def password_errors(response):
    return response.context["form"].errors.get("password1", [])


def test_a_password_like_the_username_is_explained_in_plain_words(client):
    response = client.post(SIGNUP, same_password("newpatient1"))

    assert password_errors(response) == [
        "This password is too close to your username or email. Choose something less like them."
    ]


def test_a_short_password_says_how_many_characters_are_needed(client, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        }
    ]

    response = client.post(SIGNUP, same_password("tidal-moss"))

    assert password_errors(response) == ["This password is too short. Use at least 12 characters."]


def test_a_common_password_is_explained_in_plain_words(client):
    response = client.post(SIGNUP, same_password("sunshine"))

    assert password_errors(response) == [
        "Many people use this password, so it is easy to guess. Choose one that is your own."
    ]


def test_a_password_of_only_numbers_is_explained_in_plain_words(client):
    response = client.post(SIGNUP, same_password("80417395216"))

    assert password_errors(response) == [
        "This password is only numbers. Add some letters, or use a few words."
    ]


def test_djangos_own_words_never_show(client):
    response = client.post(SIGNUP, same_password("1234"))

    page = response.content.decode()
    assert "too similar to your other personal information" not in page
    assert "This password is too common" not in page
    assert "This password is entirely numeric" not in page
    assert "It must contain at least" not in page


def test_the_rule_failure_shows_under_password_not_under_the_confirmation(client):
    response = client.post(SIGNUP, same_password("sunshine"))

    assert "password2" not in response.context["form"].errors
    page = response.content.decode()
    field_at = page.index('name="password1"')
    message_at = page.index("Many people use this password", field_at)
    assert field_at < message_at < page.index('name="password2"')


def test_nothing_is_saved_when_a_rule_fails(client):
    client.post(SIGNUP, same_password("sunshine"))

    assert not User.objects.filter(username="newpatient").exists()


def test_the_typed_values_are_kept_but_never_the_passwords(client, settings):
    settings.SIGNUP = "invite-only"

    response = client.post(SIGNUP, same_password("sunshine", invitation_code="KQ7M-4TXP"))

    tags = Tags(response.content.decode())
    assert tags.named("username")["value"] == "newpatient"
    assert tags.named("email")["value"] == "new.patient@example.org"
    assert tags.named("invitation_code")["value"] == "KQ7M-4TXP"
    assert tags.named("time_zone")["value"] == "America/Toronto"
    assert "value" not in tags.named("password1")
    assert "value" not in tags.named("password2")


def test_the_first_field_with_an_error_has_the_focus(client):
    response = client.post(SIGNUP, form(email="not an address", password2="something-else"))

    focused = Tags(response.content.decode()).with_attribute("autofocus")
    assert [attrs["name"] for attrs in focused] == ["email"]


def test_a_password_error_alone_moves_the_focus_off_the_username(client):
    response = client.post(SIGNUP, same_password("sunshine"))

    focused = Tags(response.content.decode()).with_attribute("autofocus")
    assert [attrs["name"] for attrs in focused] == ["password1"]


def test_a_taken_username_gets_the_focus(client, patient):
    response = client.post(SIGNUP, form(username=patient.username))

    focused = Tags(response.content.decode()).with_attribute("autofocus")
    assert [attrs["name"] for attrs in focused] == ["username"]


def test_a_fresh_page_starts_on_the_username(client):
    response = client.get(SIGNUP)

    focused = Tags(response.content.decode()).with_attribute("autofocus")
    assert [attrs["name"] for attrs in focused] == ["username"]
    assert 'id="error-summary"' not in response.content.decode()


def test_the_summary_at_the_top_links_to_each_field_with_an_error(client):
    response = client.post(SIGNUP, form(email="not an address", password2="something-else"))

    tags = Tags(response.content.decode())
    links = [attrs["href"] for tag, attrs in tags.tags if tag == "a" and "href" in attrs]
    assert "#id_email" in links
    assert "#id_password2" in links
    assert tags.named("email")["id"] == "id_email"


def test_the_password_hint_is_in_plain_words_with_the_length(client):
    response = client.get(SIGNUP)

    page = response.content.decode()
    assert "At least 8 characters." in page
    assert "Your password can’t be too similar" not in page
