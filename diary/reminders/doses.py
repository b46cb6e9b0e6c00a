"""Dose reminders: "Dose due" when a medicine's set time has come and no dose covers it.

For each current medicine whose patient asked to be reminded (Medication.remind) and
that has set times (diary.daily.schedules), a reminder goes once for each scheduled
moment that has come and that no logged dose covers (a dose within an hour of the
time covers it). It goes at most LATE_WINDOW after the time: a worker that was down
for a day does not send yesterday's. In the patient's quiet hours it waits until they
end, and is dropped if they end more than LATE_WINDOW after the time (a 22:00 dose
with quiet hours from 21:00 to 07:00 gets no reminder at 07:00 the next morning).

Each reminder is claimed by inserting its SentReminder row first; the row's unique
constraint lets only one insert for (patient, medicine, moment) succeed, on SQLite and
PostgreSQL, so it is sent once however many workers run. A failed send deletes the
row, and the next round tries again.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from diary import reminders
from diary.daily import schedules
from diary.models import Medication, SentReminder
from website import languages

KIND = SentReminder.Kind.DOSE


def reminded_medicines():
    """Current medicines with set times whose patient asked for dose reminders."""
    return (
        Medication.objects.filter(remind=True, is_current=True, owner__is_active=True)
        .select_related("owner")
        .order_by("owner_id", "pk")
    )


def claim(medication, due_at: datetime, token: str) -> SentReminder | None:
    """Take the reminder for this medicine's dose at `due_at`; None if it is taken."""
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                owner=medication.owner,
                kind=KIND,
                medication=medication,
                due_at=due_at,
                claimed_by=token[:100],
            )
    except IntegrityError:
        return None


def dose_email(medication, due_at: datetime, base_url: str = "") -> tuple[str, str]:
    user = medication.owner
    link = base_url.rstrip("/") + reverse("diary:dashboard") if base_url else ""
    context = {
        "user": user,
        "label": medication.label_in_reminders,
        "time": reminders.local_time_text(due_at, user),
        "site_name": settings.SITE_NAME,
        "dashboard_url": link,
        "reminders_url": base_url.rstrip("/") + reverse("diary:reminders") if base_url else "",
    }
    subject = reminders.email_subject("emails/dose_reminder_subject.txt", context)
    body = render_to_string("emails/dose_reminder.txt", context)
    return subject, body


def send_reminder(medication, due_at: datetime, base_url: str = "") -> str | None:
    with languages.speaking_to(medication.owner):
        return _send_reminder(medication, due_at, base_url)


def _send_reminder(medication, due_at: datetime, base_url: str) -> str | None:
    subject, body = dose_email(medication, due_at, base_url)
    return reminders.deliver(
        medication.owner,
        subject=subject,
        body=body,
        title=_("Dose due: %(label)s") % {"label": medication.label_in_reminders},
        short=_("If you have taken it, log it in your diary."),
        url=reverse("diary:dashboard") + "#doses",
        tag=f"dose-{medication.pk}",
    )


def due_for(user, medications, now: datetime):
    """(medication, due moment) for each dose reminder of this patient due now and
    not yet sent: one query for their recent doses, one for the reminders sent."""
    medications = [medication for medication in medications if medication.dose_times]
    if not medications or reminders.in_quiet_hours(user, now):
        return []
    doses = schedules.recent_doses(user, medications, now)
    due = [
        (medication, moment)
        for medication in medications
        for moment in schedules.due_moments(
            medication, user, now, doses[medication.pk], reminders.LATE_WINDOW
        )
    ]
    if not due:
        return []
    sent = set(
        SentReminder.objects.owned_by(user)
        .filter(kind=KIND, due_at__gte=now - reminders.LATE_WINDOW)
        .values_list("medication_id", "due_at")
    )
    return [
        (medication, moment) for medication, moment in due if (medication.pk, moment) not in sent
    ]


def send_due_dose_reminders(
    token: str = "send_reminders", now: datetime | None = None, base_url: str = ""
) -> reminders.SendReport:
    now = now or timezone.now()
    report = reminders.SendReport()
    for _owner_id, group in groupby(
        reminded_medicines(), key=lambda medication: medication.owner_id
    ):
        medications = list(group)
        user = medications[0].owner
        due = due_for(user, medications, now)
        if not due or not reminders.can_be_reached(user):
            continue
        for medication, moment in due:
            claimed = claim(medication, moment, token)
            if claimed is None:
                continue  # another worker has it
            try:
                reached = send_reminder(medication, moment, base_url)
            except Exception:  # a mail server down: give it back, try next round
                reached = None
            if reached is None:
                claimed.delete()
                report.failed.append(user.get_username())
                continue
            SentReminder.objects.filter(pk=claimed.pk).update(
                channel=reached, sent_at=timezone.now()
            )
            report.sent.append(user.get_username())
    return report
