"""Two devices saving the same thing at the same moment, against a real server (gunicorn,
several processes and threads) on the suite's database: the day's first check-in from a
phone and a laptop, the same medicine added from both. The database's uniqueness rules
catch the second save; the answer is the row the first one made (or, for a medicine
already listed, the form's own message), never a 500."""

import datetime as dt
import json
import threading
from collections import Counter
from zoneinfo import ZoneInfo

from tests.security.live_app import Phone

DEVICES = 4  # the same patient, signed in four times
ROUNDS = 5  # a fresh day (or medicine name) each round, so the race is run again

COUNT_ROWS = """
import json
from diary.models import CheckIn, Medication
days = {}
for day in CheckIn.objects.values_list("local_date", flat=True):
    days[str(day)] = days.get(str(day), 0) + 1
names = {}
for name in Medication.objects.values_list("name", flat=True):
    names[name] = names.get(name, 0) + 1
print("ROWS " + json.dumps({"days": days, "names": names}))
"""


def stored_rows(live_app):
    output = live_app.manage("shell", "-c", COUNT_ROWS)
    line = next(line for line in output.splitlines() if line.startswith("ROWS "))
    return json.loads(line[5:])


def all_at_once(phones, send):
    """Call send(phone, number) on every phone at the same moment; return the statuses."""
    start = threading.Barrier(len(phones))
    statuses = []

    def run(phone, number):
        start.wait(timeout=30)
        statuses.append(send(phone, number))

    threads = [
        threading.Thread(target=run, args=(phone, number)) for number, phone in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def signed_in_devices(live_app):
    live_app.prepare(["ana"])
    live_app.start(workers=2, threads=4)
    phones = [Phone(live_app, "ana") for _ in range(DEVICES)]
    for phone in phones:
        phone.log_in()
    return phones


def assert_no_server_error(live_app):
    log = live_app.server_log()
    assert "Traceback" not in log
    assert "Internal Server Error" not in log
    assert "unchecked" not in log  # the last resort was not what answered


def test_the_days_first_check_in_from_two_devices_at_once_is_one_check_in(live_app):
    phones = signed_in_devices(live_app)
    today = dt.datetime.now(ZoneInfo("Europe/London")).date()
    days = [today - dt.timedelta(days=offset) for offset in range(1, ROUNDS + 1)]
    answers = ("mood", "stress", "fatigue", "overall_pain")

    statuses = Counter()
    for day in days:

        def send(phone, number, day=day):
            status, _page = phone.request(
                f"/diary/check-in/?date={day.isoformat()}", {answers[number % 4]: "6"}
            )
            return status

        statuses.update(all_at_once(phones, send))

    assert statuses == {302: DEVICES * ROUNDS}
    assert stored_rows(live_app)["days"] == {day.isoformat(): 1 for day in days}
    assert_no_server_error(live_app)


def test_the_same_medicine_added_from_two_devices_at_once_is_listed_once(live_app):
    phones = signed_in_devices(live_app)
    names = [f"Baclofen {round_}" for round_ in range(ROUNDS)]

    statuses = Counter()
    pages = []
    for name in names:

        def send(phone, number, name=name):
            status, page = phone.request("/diary/medications/", {"name": name})
            pages.append((status, page))
            return status

        statuses.update(all_at_once(phones, send))

    # Each device is told it is on the list: saved (302), or, when the other device's
    # save was already visible, "already on your list" beside the name (200).
    assert set(statuses) <= {200, 302}
    assert all("is already on your list" in page for status, page in pages if status == 200)
    assert stored_rows(live_app)["names"] == {"Magnesium": 1, **dict.fromkeys(names, 1)}
    assert_no_server_error(live_app)
