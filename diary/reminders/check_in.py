"""The opt-in daily check-in reminder.

Each patient who asked for it is reminded once when their chosen local time has come,
unless they have already checked in for that day, were already reminded for it, or
the time is in their quiet hours (then it waits until they end, up to LATE_WINDOW).
The day is claimed with one conditional UPDATE before the reminder goes, so two
workers (or a worker and a cron run) can never both send it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from diary import reminders
from diary.models import CheckIn, PushSubscription
from website import languages


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def due_day(user, now: datetime) -> date | None:
    """The patient's day whose reminder is due now, or None.

    Due from the chosen local time until LATE_WINDOW later; a reminder at 23:30
    may still go out at 00:15 and then belongs to the day before.
    """
    local_now = timezone.localtime(now, user.zone)
    for day in (local_now.date(), local_now.date() - timedelta(days=1)):
        moment = datetime.combine(day, user.reminder_time, tzinfo=user.zone)
        if timedelta(0) <= local_now - moment < reminders.LATE_WINDOW:
            return day
    return None


def candidates():
    """Patients who asked for the reminder and can be reached: an email address, or
    a device to push to."""
    devices = PushSubscription.objects.filter(owner=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(is_active=True, reminder_enabled=True)
        .filter(~(Q(email="") | Q(email__isnull=True)) | Exists(devices))
        .order_by("pk")
    )


def claim(user, day: date) -> bool:
    """Record that the reminder for `day` is sent; False if it already was."""
    claimed = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(Q(reminder_last_sent_on__isnull=True) | Q(reminder_last_sent_on__lt=day))
        .update(reminder_last_sent_on=day)
    )
    return claimed == 1


def release(user, previous: date | None, day: date):
    """Give the day back after a failed send, so the next run tries again."""
    get_user_model().objects.filter(pk=user.pk, reminder_last_sent_on=day).update(
        reminder_last_sent_on=previous
    )


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path if base_url else ""


def reminder_email(user, day: date, base_url: str = "") -> tuple[str, str]:
    context = {
        "user": user,
        "day": day,
        "site_name": settings.SITE_NAME,
        "check_in_url": _absolute(base_url, reverse("diary:check_in")),
        "reminders_url": _absolute(base_url, reverse("diary:reminders")),
    }
    subject = reminders.email_subject("emails/reminder_subject.txt", context)
    body = render_to_string("emails/reminder.txt", context)
    return subject, body


def send_reminder(user, day: date, base_url: str = "") -> str | None:
    with languages.speaking_to(user):
        return _send_reminder(user, day, base_url)


def _send_reminder(user, day: date, base_url: str) -> str | None:
    subject, body = reminder_email(user, day, base_url)
    return reminders.deliver(
        user,
        subject=subject,
        body=body,
        title=_("Time for your check-in"),
        short=_("How was your day? It takes under a minute."),
        url=reverse("diary:check_in"),
        tag="check-in",
    )


def send_due_reminders(now: datetime | None = None, base_url: str = "") -> SendReport:
    now = now or timezone.now()
    report = SendReport()
    for user in candidates():
        day = due_day(user, now)
        if day is None or reminders.in_quiet_hours(user, now):
            continue
        if user.reminder_last_sent_on is not None and user.reminder_last_sent_on >= day:
            continue
        if CheckIn.objects.owned_by(user).filter(local_date=day).exists():
            continue
        previous = user.reminder_last_sent_on
        if not claim(user, day):
            continue
        try:
            reached = send_reminder(user, day, base_url)
        except Exception:  # any mail failure: give the day back and go on
            reached = None
        if reached is None:
            release(user, previous, day)
            report.failed.append(user.get_username())
        else:
            report.sent.append(user.get_username())
    return report
