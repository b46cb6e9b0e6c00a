"""Two workers at once never send the same reminder.

Two workers run in threads of their own, each with its own database connection, on the
suite's database (SQLite or PostgreSQL), at the same moment, over the same due
reminders: several patients, each with several doses due now and a check-in reminder
due now. Sending an email takes a little while here (as it does with a real mail
server), so while one worker sends, the other reaches the same reminders: each is
still sent exactly once, whichever worker claims it first."""

import datetime as dt
import threading
import time
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection

from diary.models import SentReminder
from diary.reminders.runner import ReminderRunner
from diary.worker import Worker, new_token
from tests.conftest import Diary
from tests.live_server import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PATIENTS = 6
MEDICINES = 4
SENDING_TAKES = 0.02  # seconds


class SlowOutbox(locmem.EmailBackend):
    """The test outbox, with the pause of a real mail server before each message."""

    def send_messages(self, messages):
        time.sleep(SENDING_TAKES)
        return super().send_messages(messages)


NOW = dt.datetime(2025, 6, 10, 8, 5, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def slow_outbox(settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowOutbox"


@pytest.fixture
def due_everywhere(make_user):
    """Patients each with doses due at 08:00 (now is 08:05) and a check-in due at 08:00."""
    patients = []
    for number in range(PATIENTS):
        patient = make_user(
            f"patient{number}",
            time_zone="Europe/London",
            reminder_enabled=True,
            reminder_time=dt.time(8),
        )
        for medicine_number in range(MEDICINES):
            medicine = Diary(patient).medication(f"Medicine {medicine_number}")
            medicine.dose_times, medicine.remind = ["08:00"], True
            medicine.save()
        patients.append(patient)
    return patients


def run_two_workers_at_once():
    """Both workers poll before anything is due; then the clock reaches 08:05, so both
    see every reminder due at the same moment. They go on a few rounds after the last
    reminder went, so a second copy of any would show. A round that found the database
    busy is simply tried again, as `run_worker` does."""
    rounds = {}
    stop = threading.Event()
    errors = []

    def work():
        token = new_token()
        rounds[token] = 0
        try:
            while not stop.is_set():
                Worker(runners=[ReminderRunner(base_url="")], token=token).run_once()
                rounds[token] += 1
        except Exception as error:  # shown by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    def every_worker_has_done(count):
        return len(rounds) == 2 and min(rounds.values()) >= count

    with time_machine.travel(NOW - dt.timedelta(minutes=10), tick=False) as traveller:
        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            assert wait_until(lambda: every_worker_has_done(2), timeout=60)
            assert mail.outbox == []
            traveller.move_to(NOW)
            assert wait_until(lambda: len(mail.outbox) >= (MEDICINES + 1) * PATIENTS, timeout=60)
            after = dict(rounds)
            assert wait_until(
                lambda: all(rounds[token] >= after[token] + 3 for token in after), timeout=60
            )
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
    assert errors == []
    return set(rounds)


def test_two_workers_at_once_send_each_reminder_exactly_once(due_everywhere):
    tokens = run_two_workers_at_once()

    sent = Counter((message.to[0], message.subject) for message in mail.outbox)
    expected = {
        (patient.email, subject): 1
        for patient in due_everywhere
        for subject in [
            "Unknot: a moment for today's check-in?",
            *(f"Unknot: dose due: Medicine {number}" for number in range(MEDICINES)),
        ]
    }
    assert sent == expected
    assert SentReminder.objects.count() == MEDICINES * PATIENTS
    assert set(SentReminder.objects.values_list("claimed_by", flat=True)) <= set(tokens)
