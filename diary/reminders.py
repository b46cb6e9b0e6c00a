"""The opt-in daily check-in reminder, sent by `manage.py send_reminders`.

Run the command every 15 minutes (cron). Each patient who asked for reminders
gets one email when their chosen local time has come, unless they have no email
address, have already checked in for that day, or were already reminded for it.
The day is claimed with one conditional UPDATE before the email goes, so two
runs at once can never both send it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from diary.models import CheckIn

# A reminder still goes this long after its time (a server that was down, a slow cron).
LATE_WINDOW = timedelta(hours=3)


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
        if timedelta(0) <= local_now - moment < LATE_WINDOW:
            return day
    return None


def candidates():
    return (
        get_user_model()
        .objects.filter(is_active=True, reminder_enabled=True)
        .exclude(Q(email="") | Q(email__isnull=True))
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


def reminder_email(user, day: date, base_url: str = "") -> tuple[str, str]:
    context = {
        "user": user,
        "day": day,
        "site_name": settings.SITE_NAME,
        "check_in_url": base_url.rstrip("/") + reverse("diary:check_in") if base_url else "",
        "reminders_url": base_url.rstrip("/") + reverse("diary:reminders") if base_url else "",
    }
    subject = render_to_string("emails/reminder_subject.txt", context).strip()
    body = render_to_string("emails/reminder.txt", context)
    return subject, body


def send_due_reminders(now: datetime | None = None, base_url: str = "") -> SendReport:
    now = now or timezone.now()
    report = SendReport()
    for user in candidates():
        day = due_day(user, now)
        if day is None:
            continue
        if user.reminder_last_sent_on is not None and user.reminder_last_sent_on >= day:
            continue
        if CheckIn.objects.owned_by(user).filter(local_date=day).exists():
            continue
        previous = user.reminder_last_sent_on
        if not claim(user, day):
            continue
        subject, body = reminder_email(user, day, base_url)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # any mail failure: give the day back and go on
            release(user, previous, day)
            report.failed.append(user.get_username())
        else:
            report.sent.append(user.get_username())
    return report
