"""Dose reminders: when a medicine's set time has come and no dose covers it, the worker
sends "Dose due: <label>" once, by push or email as the patient chose, in their own
time zone, never in their quiet hours and never hours late.

Push is delivered for real, to a tiny push service on 127.0.0.1 in a thread; the test
decrypts what it received with the keys only the "browser" holds."""

import base64
import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from zoneinfo import ZoneInfo

import http_ece
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from diary.models import PushSubscription, SentReminder
from diary.reminders.runner import ReminderRunner
from diary.worker import Worker
from tests.conftest import Diary

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 10)  # summer: London is UTC+1
LONDON = ZoneInfo("Europe/London")


def london(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def run_worker(at):
    """One run of a worker with only the reminders, at the moment `at`."""
    with time_machine.travel(at, tick=False):
        return Worker(runners=[ReminderRunner(base_url="")]).run_once()


@pytest.fixture
def baclofen(patient):
    medicine = Diary(patient).medication("Baclofen", amount="10", unit="mg")
    medicine.dose_times = ["08:00", "20:00"]
    medicine.remind = True
    medicine.save()
    return medicine


def test_a_dose_whose_time_has_come_is_reminded_by_email(baclofen, patient):
    sent = run_worker(london(DAY, 8, 5))

    assert sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@example.org"]
    assert mail.outbox[0].subject == "Unknot: dose due: Baclofen"
    assert "Dose due: Baclofen (08:00)." in mail.outbox[0].body
    reminder = SentReminder.objects.get()
    assert (reminder.medication, reminder.due_at) == (baclofen, london(DAY, 8))
    assert reminder.channel == "email"


def test_nothing_is_sent_before_the_time(baclofen):
    run_worker(london(DAY, 7, 55))

    assert mail.outbox == []


def test_a_dose_logged_near_the_time_means_no_reminder(baclofen, patient):
    Diary(patient).dose(baclofen, when=london(DAY, 7, 40))

    run_worker(london(DAY, 8, 5))

    assert mail.outbox == []


def test_a_dose_logged_for_the_morning_does_not_cover_the_evening(baclofen, patient):
    Diary(patient).dose(baclofen, when=london(DAY, 8))

    run_worker(london(DAY, 20, 1))

    assert [message.body.count("(20:00)") for message in mail.outbox] == [1]


def test_a_reminder_is_never_sent_twice_for_the_same_dose(baclofen):
    for moment in (london(DAY, 8, 1), london(DAY, 8, 20), london(DAY, 10, 30)):
        run_worker(moment)

    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1


def test_a_reminder_more_than_three_hours_late_is_not_sent(baclofen):
    run_worker(london(DAY, 11, 5))

    assert mail.outbox == []


@pytest.mark.parametrize("change", [{"remind": False}, {"is_current": False}])
def test_no_reminder_for_a_medicine_without_one_or_not_taken_now(baclofen, change):
    for name, value in change.items():
        setattr(baclofen, name, value)
    baclofen.save()

    run_worker(london(DAY, 8, 5))

    assert mail.outbox == []


def test_a_patient_with_no_email_and_no_device_is_skipped(baclofen, patient):
    patient.email = ""
    patient.save()

    assert run_worker(london(DAY, 8, 5)) == 0
    assert not SentReminder.objects.exists()


def test_a_reminder_due_in_quiet_hours_waits_until_they_end(baclofen, patient):
    baclofen.dose_times = ["06:30"]
    baclofen.save()
    patient.quiet_from, patient.quiet_until = dt.time(22), dt.time(7)
    patient.save()

    run_worker(london(DAY, 6, 35))
    assert mail.outbox == []

    run_worker(london(DAY, 7, 1))
    assert len(mail.outbox) == 1


def test_a_reminder_whose_quiet_hours_end_too_late_is_dropped(baclofen, patient):
    baclofen.dose_times = ["22:00"]
    baclofen.save()
    patient.quiet_from, patient.quiet_until = dt.time(21), dt.time(7)
    patient.save()

    run_worker(london(DAY, 22, 5))
    run_worker(london(DAY + dt.timedelta(days=1), 7, 1))

    assert mail.outbox == []


def test_times_are_in_the_patients_own_time_zone(make_user):
    sydney = make_user("syd", time_zone="Australia/Sydney")
    medicine = Diary(sydney).medication("Baclofen")
    medicine.dose_times, medicine.remind = ["08:00"], True
    medicine.save()

    run_worker(dt.datetime(2025, 6, 10, 8, 5, tzinfo=dt.UTC))  # 18:05 in Sydney
    assert mail.outbox == []

    run_worker(dt.datetime(2025, 6, 10, 22, 5, tzinfo=dt.UTC))  # 08:05 on the 11th there
    assert [message.to for message in mail.outbox] == [["syd@example.org"]]


def test_a_clock_change_keeps_the_time_on_the_patients_clock(baclofen):
    # London moved its clocks forward on 30 March 2025: 08:00 that day was 07:00 UTC.
    baclofen.dose_times = ["08:00"]
    baclofen.save()

    run_worker(dt.datetime(2025, 3, 30, 7, 5, tzinfo=dt.UTC))

    assert len(mail.outbox) == 1
    assert SentReminder.objects.get().due_at == dt.datetime(2025, 3, 30, 7, tzinfo=dt.UTC)


def test_a_chosen_label_is_all_the_reminder_says_of_the_medicine(baclofen):
    baclofen.reminder_label = "Your 8 pm medicine"
    baclofen.save()

    run_worker(london(DAY, 8, 5))

    message = mail.outbox[0]
    assert message.subject == "Unknot: dose due: Your 8 pm medicine"
    assert "Baclofen" not in message.subject + message.body
    assert "10 mg" not in message.body


def test_the_subject_keeps_the_label_as_typed_on_one_line(baclofen):
    Medication = type(baclofen)
    Medication.objects.filter(pk=baclofen.pk).update(reminder_label="Drops & pills\nnow")

    run_worker(london(DAY, 8, 5))

    assert mail.outbox[0].subject == "Unknot: dose due: Drops & pills now"
    assert "Dose due: Drops & pills" in mail.outbox[0].body


def test_the_cron_command_sends_the_same_reminders(baclofen):
    with time_machine.travel(london(DAY, 8, 5), tick=False):
        out = StringIO()
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=StringIO())

    assert out.getvalue() == "Sent 1 reminder(s).\n"
    assert len(mail.outbox) == 1


# --- by push --------------------------------------------------------------------------


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """A push service on 127.0.0.1: keeps each POST's body and answers 201."""

    def __init__(self):
        self.bodies = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                service.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server.server_port}/push/device-1"


@pytest.fixture
def push_service(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    service = PushService()
    yield service
    service.server.shutdown()
    service.server.server_close()


@pytest.fixture
def phone(patient, push_service):
    """The patient's phone, subscribed to reminders at the local push service."""
    key = ec.generate_private_key(ec.SECP256R1())
    secret = bytes(range(16))
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    PushSubscription.objects.create(
        owner=patient,
        endpoint=push_service.endpoint,
        p256dh=b64url(public),
        auth=b64url(secret),
        name="My phone",
    )

    def read(body):
        plain = http_ece.decrypt(body, private_key=key, auth_secret=secret, version="aes128gcm")
        return json.loads(plain)

    return read


def test_a_patient_with_a_device_is_reminded_by_push_not_email(baclofen, phone, push_service):
    baclofen.reminder_label = "Your 8 pm medicine"
    baclofen.save()

    run_worker(london(DAY, 8, 5))

    assert mail.outbox == []
    assert [phone(body) for body in push_service.bodies] == [
        {
            "title": "Dose due: Your 8 pm medicine",
            "body": "If you have taken it, log it in your diary.",
            "url": "/diary/#doses",
            "tag": f"dose-{baclofen.pk}",
        }
    ]
    assert SentReminder.objects.get().channel == "push"


def test_a_patient_who_chose_email_gets_email_even_with_a_device(
    baclofen, patient, phone, push_service
):
    patient.reminder_channel = "email"
    patient.save()

    run_worker(london(DAY, 8, 5))

    assert push_service.bodies == []
    assert len(mail.outbox) == 1


def test_the_check_in_reminder_goes_by_push_too(patient, phone, push_service):
    patient.reminder_enabled = True
    patient.reminder_time = dt.time(20)
    patient.save()

    run_worker(london(DAY, 20, 5))

    assert mail.outbox == []
    assert [phone(body)["title"] for body in push_service.bodies] == ["Time for your check-in"]


# --- the reminders page -----------------------------------------------------------------


def test_the_reminders_page_saves_the_way_and_the_quiet_hours(patient_client, patient):
    response = patient_client.post(
        reverse("diary:reminders"),
        {
            "reminder_time": "20:00",
            "reminder_channel": "email",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
        },
    )

    patient.refresh_from_db()
    assert response.status_code == 302
    assert (patient.reminder_channel, patient.quiet_from, patient.quiet_until) == (
        "email",
        dt.time(22),
        dt.time(7),
    )


def test_quiet_hours_need_both_ends(patient_client, patient):
    response = patient_client.post(
        reverse("diary:reminders"), {"reminder_time": "20:00", "quiet_from": "22:00"}
    )

    assert response.context["form"].errors["quiet_until"] == [
        "Give both ends of your quiet hours, or leave both empty."
    ]
    assert 'value="22:00"' in response.content.decode()


def test_the_reminders_page_lists_the_medicines_with_reminders_by_their_label(
    patient_client, baclofen
):
    baclofen.reminder_label = "Your 8 pm medicine"
    baclofen.save()

    page = patient_client.get(reverse("diary:reminders")).content.decode()

    assert "“Dose due: Your 8 pm medicine” at 08:00, 20:00" in page
