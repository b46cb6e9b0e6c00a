"""Password-reset emails are limited per account and per address, and the page answers
the same whether an email went or not, so it never tells anyone an account exists."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
DONE = reverse("password_reset_done")
HOME = "192.0.2.10"
ELSEWHERE = "192.0.2.99"


def ask_for_reset(client, email, address=HOME):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_eight_requests_for_one_account_send_only_the_account_limit(client, patient, settings):
    for _ in range(8):
        ask_for_reset(client, patient.email)

    assert len(emails_to(patient.email)) == settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT == 3


def test_past_the_account_limit_the_page_answers_as_before(client, patient, settings):
    answers = [ask_for_reset(client, patient.email) for _ in range(8)]

    assert [answer.status_code for answer in answers] == [302] * 8
    assert {answer.url for answer in answers} == {DONE}
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT


def test_the_account_limit_holds_from_another_address_too(client, patient, settings):
    for number in range(8):
        ask_for_reset(client, patient.email, address=f"192.0.2.{number + 1}")

    assert len(emails_to(patient.email)) == settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT


def test_one_address_is_limited_across_accounts(client, make_user, settings):
    people = [make_user(f"member{number}") for number in range(12)]

    for person in people:
        ask_for_reset(client, person.email)

    assert len(mail.outbox) == settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS == 10


def test_requests_for_unknown_emails_count_against_the_address(client, patient, settings):
    for number in range(settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS):
        ask_for_reset(client, f"nobody{number}@example.org")

    answer = ask_for_reset(client, patient.email)

    assert answer.url == DONE
    assert mail.outbox == []


def test_another_address_still_gets_its_email_when_one_address_is_spent(
    client, patient, stranger, settings
):
    for _ in range(settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS):
        ask_for_reset(client, "nobody@example.org")

    ask_for_reset(client, stranger.email, address=ELSEWHERE)

    assert len(emails_to(stranger.email)) == 1


def test_the_done_page_says_the_same_words_past_the_limit(client, patient, settings):
    for _ in range(settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT):
        ask_for_reset(client, patient.email)

    past_the_limit = client.get(ask_for_reset(client, patient.email).url)

    assert "If an account uses that email, a link to reset the password is on its way." in (
        past_the_limit.content.decode()
    )


def test_the_limits_are_off_at_zero(client, patient, settings):
    settings.PASSWORD_RESET_EMAILS_PER_ACCOUNT = 0
    settings.PASSWORD_RESET_REQUESTS_PER_ADDRESS = 0

    for _ in range(12):
        ask_for_reset(client, patient.email)

    assert len(mail.outbox) == 12
