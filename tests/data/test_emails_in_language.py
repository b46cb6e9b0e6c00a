"""Emails and push messages are written in the recipient's own language (their profile),
whatever language the request that caused them was in; a member who never chose one
gets the host's LANGUAGE_CODE. No browser is asked: there is none when a worker sends.

The expected words are the catalogue's own, evaluated in the member's language, so the
tests hold for strings the translators have not reached yet; the strings that are
translated must differ from the English."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext, override

from tests.conftest import Diary

# The dose reminder tests' phone and push service, decrypting what a device receives.
from tests.data.test_dose_reminders import phone, push_service  # noqa: F401

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 10)  # a Tuesday, in summer
LONDON = ZoneInfo("Europe/London")
SITE = "Unknot"


def london(hour, minute=0):
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=LONDON)


def send_reminders(at):
    with time_machine.travel(at, tick=False):
        call_command("send_reminders", stdout=StringIO(), stderr=StringIO())


def said_in(language, message, **values):
    """The catalogue's words for `message` in `language`, its placeholders filled."""
    with override(language):
        text = gettext(message)
    return text % values if values else text


def translated(language, message, **values):
    """As said_in, and checked to be translated already (not the English)."""
    text = said_in(language, message, **values)
    assert text != (message % values if values else message), f"{message!r} is not translated"
    return text


@pytest.fixture
def german(patient):
    patient.language = "de"
    patient.save()
    return patient


@pytest.fixture
def check_in_reminder(patient):
    patient.reminder_enabled = True
    patient.reminder_time = dt.time(20, 0)
    patient.save()
    return patient


@pytest.fixture
def pushed(request):
    """`pushed()`: the messages the patient's phone has received, decrypted."""
    device = request.getfixturevalue("phone")
    service = request.getfixturevalue("push_service")
    return lambda: [device(body) for body in service.bodies]


@pytest.fixture
def baclofen(patient):
    medicine = Diary(patient).medication("Baclofen", amount="10", unit="mg")
    medicine.dose_times = ["08:00"]
    medicine.remind = True
    medicine.save()
    return medicine


def test_the_check_in_reminder_email_is_in_the_members_language(german, check_in_reminder):
    send_reminders(london(20, 5))

    (email,) = mail.outbox
    assert email.subject == translated("de", "%(site)s: a moment for today's check-in?", site=SITE)
    assert said_in("de", "Hello %(name)s,", name="pat") in email.body
    assert "Dienstag" in email.body  # the day's name, in German
    assert (
        said_in("de", "Skip it if today is not a day for it. There is no streak to keep.")
        in email.body
    )


def test_the_dose_reminder_email_is_in_the_members_language(german, baclofen):
    send_reminders(london(8, 5))

    (email,) = mail.outbox
    assert email.subject == translated(
        "de", "%(site)s: dose due: %(label)s", site=SITE, label="Baclofen"
    )
    assert (
        translated("de", "Dose due: %(label)s (%(time)s).", label="Baclofen", time="08:00")
        in email.body
    )


def test_the_dose_reminder_push_is_in_the_members_language(german, baclofen, pushed):
    send_reminders(london(8, 5))

    (message,) = pushed()
    assert message["title"] == translated("de", "Dose due: %(label)s", label="Baclofen")
    assert message["body"] == translated("de", "If you have taken it, log it in your diary.")


def test_the_check_in_push_is_in_the_members_language(german, check_in_reminder, pushed):
    send_reminders(london(20, 5))

    (message,) = pushed()
    assert message["title"] == translated("de", "Time for your check-in")


def test_the_password_reset_email_is_in_the_members_language_not_the_requests(client, german):
    response = client.post(
        reverse("password_reset"), {"email": german.email}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    (email,) = mail.outbox
    assert email.subject == translated("de", "Reset your Unknot password")
    assert translated("de", "Choose a new password here:") in email.body
    assert said_in("de", "Your username is %(username)s.", username="pat") in email.body
    # The page the member asked from stays in the request's language.
    assert '<html lang="en"' in response.content.decode()


def test_a_member_who_chose_no_language_is_written_to_in_the_hosts(
    settings, patient, check_in_reminder
):
    settings.LANGUAGE_CODE = "es"
    assert patient.language == ""

    send_reminders(london(20, 5))

    (email,) = mail.outbox
    assert email.subject == translated("es", "%(site)s: a moment for today's check-in?", site=SITE)


def test_an_english_member_gets_english_whatever_the_hosts_language(
    settings, patient, check_in_reminder
):
    settings.LANGUAGE_CODE = "de"
    patient.language = "en"
    patient.save()

    send_reminders(london(20, 5))

    (email,) = mail.outbox
    assert email.subject == "Unknot: a moment for today's check-in?"
