"""Invitation codes a member types from a printed sheet: no characters that look like
another, in two groups, accepted however they are typed."""

import re

import pytest
from django.urls import reverse

from diary.models import Invitation, User
from diary.models.accounts import new_invitation_code, normalise_invitation_code

pytestmark = pytest.mark.django_db

SIGNUP = reverse("signup")
LOOK_ALIKES = set("0O1IL5S2Z8B")


def sign_up(client, code, username="newpatient"):
    return client.post(
        SIGNUP,
        {
            "username": username,
            "password1": "gentle-stretch-2024",
            "password2": "gentle-stretch-2024",
            "invitation_code": code,
        },
    )


@pytest.fixture
def invite_only(settings):
    settings.SIGNUP = "invite-only"


def test_a_new_code_is_two_groups_of_four_with_no_look_alike_characters():
    codes = {new_invitation_code() for _ in range(500)}

    assert len(codes) == 500
    assert all(re.fullmatch(r"[A-Z3-9]{4}-[A-Z3-9]{4}", code) for code in codes)
    assert not set("".join(codes)) & LOOK_ALIKES


def test_a_new_invitation_gets_such_a_code():
    assert re.fullmatch(r"[A-Z3-9]{4}-[A-Z3-9]{4}", Invitation.objects.create().code)


@pytest.mark.parametrize("typed", ["kq7m-4txp", "KQ7M4TXP", " kq7m 4txp ", "Kq7M-4tXp"])
def test_a_code_is_accepted_in_any_case_and_with_or_without_the_dash(client, invite_only, typed):
    invitation = Invitation.objects.create(code="KQ7M-4TXP")

    response = sign_up(client, typed)

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.used_by == User.objects.get(username="newpatient")


def test_a_code_made_before_the_grouped_ones_still_works(client, invite_only):
    invitation = Invitation.objects.create(code="aB3-x_Yz9Qp1")

    sign_up(client, "aB3-x_Yz9Qp1")

    invitation.refresh_from_db()
    assert invitation.used_by is not None


def test_a_wrong_code_is_refused_beside_the_field(client, invite_only):
    Invitation.objects.create(code="KQ7M-4TXP")

    response = sign_up(client, "KQ7M-4TXQ")

    assert (
        "That invitation code is not valid" in response.context["form"].errors["invitation_code"][0]
    )
    assert 'value="KQ7M-4TXQ"' in response.content.decode()
    assert not User.objects.filter(username="newpatient").exists()


def test_a_used_code_is_refused_however_it_is_typed(client, invite_only):
    Invitation.objects.create(code="KQ7M-4TXP")
    sign_up(client, "KQ7M-4TXP")
    client.logout()

    response = sign_up(client, "kq7m4txp", username="someone")

    assert "invitation_code" in response.context["form"].errors
    assert not User.objects.filter(username="someone").exists()


def test_the_sign_up_page_shows_what_a_code_looks_like(client, invite_only):
    page = client.get(SIGNUP).content.decode()

    assert "like KQ7M-4TXP" in page and "with or without the dash" in page


def test_normalising_drops_dashes_and_spaces_and_capitalises():
    assert normalise_invitation_code(" kq7m - 4txp\n") == "KQ7M4TXP"
