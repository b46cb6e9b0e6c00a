"""The reminders in the one worker (diary.worker): check-in and dose reminders."""

from __future__ import annotations

import os
import time

from diary.reminders.check_in import send_due_reminders
from diary.reminders.doses import send_due_dose_reminders

# Reminders are due by the minute: a worker polling every 3 seconds looks this often.
LOOK_EVERY_SECONDS = 20


class ReminderRunner:
    """Sends every reminder due now; how many went. Claims make it safe with several
    workers: the check-in day by a conditional UPDATE, each dose by a unique row."""

    name = "reminders"

    def __init__(self, base_url: str | None = None):
        self.base_url = os.environ.get("SITE_URL", "") if base_url is None else base_url
        self.next_look = 0.0

    def run_due(self, token: str) -> int:
        if time.monotonic() < self.next_look:
            return 0
        check_ins = send_due_reminders(base_url=self.base_url)
        doses = send_due_dose_reminders(token=token, base_url=self.base_url)
        sent = len(check_ins.sent) + len(doses.sent)
        if not sent:
            self.next_look = time.monotonic() + LOOK_EVERY_SECONDS
        return sent
