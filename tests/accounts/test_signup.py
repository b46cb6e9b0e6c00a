import pytest
from django.urls import reverse

from diary.models import Invitation, User

pytestmark = pytest.mark.django_db

SIGNUP = reverse("signup")


def form(**overrides):
    data = {
        "username": "newpatient",
        "email": "",
        "password1": "gentle-stretch-2024",
        "password2": "gentle-stretch-2024",
        "time_zone": "America/Toronto",
    }
    data.update(overrides)
    return data


def test_it_creates_an_account_and_lands_on_the_diary(client):
    response = client.post(SIGNUP, form(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("diary:dashboard")
    assert response.context["user"].username == "newpatient"


def test_it_keeps_the_browser_time_zone(client):
    client.post(SIGNUP, form())

    assert User.objects.get(username="newpatient").time_zone == "America/Toronto"


def test_it_falls_back_to_the_server_zone_for_an_unknown_zone(client, settings):
    client.post(SIGNUP, form(time_zone="Mars/Olympus_Mons"))

    assert User.objects.get(username="newpatient").time_zone == settings.TIME_ZONE


def test_it_shows_mismatched_passwords_beside_the_field_and_keeps_the_username(client):
    response = client.post(SIGNUP, form(password2="something-else-1"))

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert 'value="newpatient"' in response.content.decode()
    assert not User.objects.filter(username="newpatient").exists()


def test_it_refuses_a_taken_username(client, patient):
    response = client.post(SIGNUP, form(username=patient.username))

    assert "username" in response.context["form"].errors


def test_invite_only_needs_a_valid_code(client, settings):
    settings.SIGNUP = "invite-only"

    response = client.post(SIGNUP, form(invitation_code="made-up"))

    assert "invitation_code" in response.context["form"].errors
    assert not User.objects.filter(username="newpatient").exists()


def test_invite_only_accepts_a_code_once(client, settings):
    settings.SIGNUP = "invite-only"
    invitation = Invitation.objects.create(note="for Sam")

    client.post(SIGNUP, form(invitation_code=invitation.code))
    invitation.refresh_from_db()
    client.logout()
    second = client.post(SIGNUP, form(username="someone", invitation_code=invitation.code))

    assert invitation.used_by.username == "newpatient"
    assert "invitation_code" in second.context["form"].errors


def test_invite_only_refuses_an_expired_code(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.SIGNUP = "invite-only"
    invitation = Invitation.objects.create(expires_at=timezone.now() - timedelta(days=1))

    response = client.post(SIGNUP, form(invitation_code=invitation.code))

    assert "invitation_code" in response.context["form"].errors


def test_closed_signup_creates_nobody(client, settings):
    settings.SIGNUP = "closed"

    response = client.post(SIGNUP, form())

    assert response.status_code == 403
    assert not User.objects.filter(username="newpatient").exists()


def test_open_signup_does_not_ask_for_a_code(client):
    response = client.get(SIGNUP)

    assert "invitation_code" not in response.context["form"].fields
