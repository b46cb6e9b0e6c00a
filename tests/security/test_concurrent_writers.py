"""A support group logging at 9 pm: several phones post entries at the same moment, for
the same patient and for different patients, to a real server (gunicorn, several
processes and threads) on the suite's database (a SQLite file, or PostgreSQL). Zero
errors, "database is locked" included; zero lost entries; zero duplicates, even when
a phone sends the same entry twice."""

import threading
from collections import Counter

from tests.security.live_app import Phone

PATIENTS = ["ana", "ben", "cai"]
PHONES_PER_PATIENT = 2  # the same patient on a phone and a laptop
ENTRIES_PER_PHONE = 12  # alternately a spasm and a dose
RETRIES_PER_PHONE = 4  # the same entry sent again, as after a dropped connection


def run_phone(phone, start, results):
    sent = {"spasms": [], "doses": []}
    statuses = []
    start.wait(timeout=30)
    for number in range(ENTRIES_PER_PHONE):
        kind, post = (
            ("spasms", phone.quick_spasm) if number % 2 == 0 else ("doses", phone.quick_dose)
        )
        status, token = post()
        statuses.append(status)
        sent[kind].append(token)
    for number in range(RETRIES_PER_PHONE):
        kind, post = (
            ("spasms", phone.quick_spasm) if number % 2 == 0 else ("doses", phone.quick_dose)
        )
        status, _token = post(token=sent[kind][number])
        statuses.append(status)
    results.append((phone.username, sent, statuses))


def test_many_phones_logging_at_once_lose_and_duplicate_nothing(live_app):
    live_app.prepare(PATIENTS)
    live_app.start(workers=3, threads=4)
    phones = [Phone(live_app, name) for name in PATIENTS for _ in range(PHONES_PER_PATIENT)]
    for phone in phones:
        phone.log_in()
    start = threading.Barrier(len(phones))
    results = []
    threads = [threading.Thread(target=run_phone, args=(phone, start, results)) for phone in phones]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert len(results) == len(phones), "a phone did not finish"
    statuses = Counter(status for _name, _sent, answers in results for status in answers)
    assert statuses == {302: len(phones) * (ENTRIES_PER_PHONE + RETRIES_PER_PHONE)}
    log = live_app.server_log()
    assert "database is locked" not in log
    assert "Traceback" not in log
    assert "Internal Server Error" not in log

    stored = live_app.entries()
    for kind in ("spasms", "doses"):
        expected = Counter(
            (name, token) for name, sent, _answers in results for token in sent[kind]
        )
        assert Counter(stored[kind]) == expected, f"{kind}: lost or duplicated"
        assert len(stored[kind]) == len(phones) * ENTRIES_PER_PHONE // 2
