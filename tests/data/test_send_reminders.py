import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from diary import reminders
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

LONDON = dt.date(2025, 6, 10)  # summer: London is UTC+1


def london(day, hour, minute=0):
    return dt.datetime.combine(
        day, dt.time(hour, minute), tzinfo=dt.timezone(dt.timedelta(hours=1))
    )


def run(at, **options):
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("send_reminders", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def opted_in(patient):
    patient.reminder_enabled = True
    patient.reminder_time = dt.time(20, 0)
    patient.save()
    return patient


def test_it_sends_once_the_chosen_local_time_has_come(opted_in):
    output = run(london(LONDON, 20, 5))

    opted_in.refresh_from_db()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.org"]
    assert "check-in for Tuesday 10 June" in mail.outbox[0].body
    assert opted_in.reminder_last_sent_on == LONDON
    assert output == "Sent 1 reminder(s).\n"


def test_it_never_sends_twice_for_the_same_day(opted_in):
    run(london(LONDON, 20, 5))
    run(london(LONDON, 20, 20))
    run(london(LONDON, 22, 50))

    assert len(mail.outbox) == 1


def test_it_sends_again_the_next_day(opted_in):
    run(london(LONDON, 20, 5))
    run(london(LONDON + dt.timedelta(days=1), 20, 5))

    assert len(mail.outbox) == 2


def test_it_waits_for_the_time(opted_in):
    run(london(LONDON, 19, 55))

    assert mail.outbox == []


def test_it_does_not_send_hours_late(opted_in):
    run(london(LONDON, 23, 30))

    assert mail.outbox == []


def test_a_late_evening_reminder_can_go_just_after_midnight(opted_in):
    opted_in.reminder_time = dt.time(23, 50)
    opted_in.save()

    run(london(LONDON + dt.timedelta(days=1), 0, 5))

    opted_in.refresh_from_db()
    assert len(mail.outbox) == 1
    assert opted_in.reminder_last_sent_on == LONDON


def test_it_skips_a_patient_who_already_checked_in(opted_in):
    Diary(opted_in).check_in(LONDON, stress=3)

    run(london(LONDON, 20, 5))

    assert mail.outbox == []


@pytest.mark.parametrize(
    "change", [{"email": ""}, {"reminder_enabled": False}, {"is_active": False}]
)
def test_it_skips_patients_without_email_or_who_did_not_ask(opted_in, change):
    for name, value in change.items():
        setattr(opted_in, name, value)
    opted_in.save()

    run(london(LONDON, 20, 5))

    assert mail.outbox == []


def test_it_uses_each_patients_own_time_zone(opted_in, make_user):
    sydney = make_user("syd", time_zone="Australia/Sydney", reminder_enabled=True)
    # 20:05 in London is 05:05 the next morning in Sydney: only London is due.
    run(london(LONDON, 20, 5))
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]

    # 20:05 in Sydney (UTC+10 in June) is 11:05 in London.
    run(dt.datetime(2025, 6, 11, 10, 5, tzinfo=dt.UTC))
    assert mail.outbox[-1].to == [sydney.email]


def test_the_email_links_to_the_check_in_and_to_stopping_it(opted_in):
    run(london(LONDON, 20, 5), base_url="https://unknot.example.org/")

    body = mail.outbox[0].body
    assert "https://unknot.example.org/diary/check-in/" in body
    assert "https://unknot.example.org/diary/reminders/" in body
    assert mail.outbox[0].subject == "Unknot: a moment for today's check-in?"


def test_a_failed_email_is_tried_again_on_the_next_run(opted_in, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    run(london(LONDON, 20, 5))
    opted_in.refresh_from_db()
    assert opted_in.reminder_last_sent_on is None

    monkeypatch.undo()
    run(london(LONDON, 20, 20))
    assert len(mail.outbox) == 1


def test_the_day_is_claimed_once_even_by_two_runs_at_once(opted_in):
    assert reminders.claim(opted_in, LONDON)
    assert not reminders.claim(opted_in, LONDON)
