"""Reminders: the one place that decides when a reminder is due and sends it.

- `check_in`: the opt-in daily check-in reminder, at the patient's chosen time.
- `doses`: "Dose due" when a medicine's set time has come and no dose covers it.
- `runner.ReminderRunner`: both, in the one worker (`manage.py run_worker`);
  `manage.py send_reminders` runs the same once, for hosts who prefer cron.

Every reminder goes the way the patient chose on the reminders page: by push to the
devices they added (diary.push), falling back to email when none takes it; or by
email. None goes in their quiet hours: one due then waits until they end, and one
more than LATE_WINDOW late is not sent at all. Two workers never send the same
reminder: each is claimed before it is sent (check_in.claim, doses.claim).

A reminder carries no health data: "Time for your check-in", or "Dose due: " and the
name the patient gave the medicine for reminders (its own name if they gave none).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

# A reminder still goes this long after its time (a server that was down, quiet hours
# that just ended); later than that it is not sent.
LATE_WINDOW = timedelta(hours=3)

PUSH = "push"
EMAIL = "email"


def email_subject(template_name: str, context: dict) -> str:
    """A reminder email's subject: plain text (its template turns escaping off, so
    "Pills & drops" stays as typed) on one line, so a label posted with a line break
    can never make a header the mail server refuses."""
    return " ".join(render_to_string(template_name, context).split())


def in_quiet_hours(user, moment: datetime) -> bool:
    """Whether `moment` falls in the patient's quiet hours (their own clock); the hours
    may run over midnight, like 22:00 to 07:00."""
    start, end = user.quiet_from, user.quiet_until
    if start is None or end is None or start == end:
        return False
    now = timezone.localtime(moment, user.zone).time().replace(second=0, microsecond=0)
    if start < end:
        return start <= now < end
    return now >= start or now < end


def can_be_reached(user) -> bool:
    """An email address, or a device to push to."""
    return bool(user.email) or user.push_subscriptions.exists()


def deliver(user, *, subject: str, body: str, title: str, short: str, url: str, tag: str):
    """Send one reminder the patient's way: "push" or "email" by what reached them,
    None when nothing did. A patient who chose email but has no address is still
    reminded on their devices. A failing mail server raises (the caller gives the
    claim back); a failing device never does (diary.push)."""
    if user.reminder_channel == PUSH or not user.email:
        from diary.push import send_push

        if send_push(user, title, short, url, tag=tag):
            return PUSH
    if user.email:
        send_mail(subject, body, None, [user.email])
        return EMAIL
    return None


def local_time_text(moment: datetime, user) -> str:
    return timezone.localtime(moment, user.zone).strftime("%H:%M")


from diary.reminders.check_in import (  # noqa: E402
    SendReport,
    candidates,
    claim,
    due_day,
    release,
    reminder_email,
    send_due_reminders,
)

__all__ = [
    "EMAIL",
    "LATE_WINDOW",
    "PUSH",
    "SendReport",
    "can_be_reached",
    "candidates",
    "claim",
    "deliver",
    "due_day",
    "in_quiet_hours",
    "release",
    "reminder_email",
    "send_due_reminders",
    "send_mail",
]
