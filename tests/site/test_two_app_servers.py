"""Two app servers, one database, one cache: what a patient sees does not depend on
which server answers.

Two `make serve` (gunicorn, DEBUG=0) on two free ports of 127.0.0.1 share one fresh
PostgreSQL database and one Redis (its keys under a prefix of this run's own), behind
a round-robin reverse proxy on loopback (tests/site/two_servers.py) that sends each
request to the next server and skips one whose /healthz does not answer 200. The apps
are told there is one proxy (PROXY_COUNT=1) and believe its X-Forwarded-Proto: https,
so every page is served as it would be behind TLS (SECURE_SSL_REDIRECT on), while the
proxy probes /healthz over plain HTTP. Through the proxy: a log-in made on one server
holds on the other; the entries-per-minute limit and the log-in lockout count across
both; a figure written through one is read through the other at once; two
`run_worker` processes send a due reminder once; and with one server stopped, the
other serves everything until it is back.

PostgreSQL only (SQLite is one file on one machine: two app servers on two hosts
cannot share it), with Redis on 127.0.0.1:6379.
"""

import datetime as dt
import email
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from collections import Counter

import pytest
from django.db import connection

from tests.live_server import ROOT, port_accepts, wait_until
from tests.site.two_servers import AppServer, RoundRobinProxy, Visitor, Worker

PASSWORD = "a-long-test-password-42"
ENTRIES_PER_MINUTE = 3
LOGIN_FAILURE_LIMIT = 3
REDIS = ("127.0.0.1", 6379)
PATIENTS = ["sam", "rita", "guessed", "figure", "steady"]
REMINDED = ["early0", "early1", "early2"]
MEDICINES = 2

MAKE_PATIENTS = """
from decimal import Decimal
from diary.models import Medication, User
for name in {names!r}:
    user = User.objects.create_user(
        name, email=name + "@example.org", password={password!r}, time_zone="Europe/London"
    )
    Medication.objects.create(
        owner=user, name="Magnesium", usual_amount=Decimal(400), usual_unit="mg"
    )
"""

# Patients whose check-in reminder and dose reminders came due a minute ago (UTC).
MAKE_DUE_REMINDERS = """
import datetime as dt
from decimal import Decimal
from diary.models import Medication, User
moment = dt.time.fromisoformat({due!r})
for name in {names!r}:
    user = User.objects.create_user(
        name, email=name + "@example.org", password={password!r}, time_zone="UTC",
        reminder_enabled=True, reminder_time=moment, reminder_channel="email",
    )
    for number in range({medicines}):
        Medication.objects.create(
            owner=user, name=f"Medicine {{number}}", usual_amount=Decimal(1), usual_unit="mg",
            dose_times=[moment.strftime("%H:%M")], remind=True,
        )
"""

COUNT_SENT = """
from diary.models import SentReminder
print("SENT", SentReminder.objects.filter(owner__username__in={names!r}).count())
"""


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


@pytest.fixture(scope="module")
def fresh_database():
    """A new PostgreSQL database on the suite's server, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "two app servers share one PostgreSQL database; SQLite is one file on one "
            "machine (run the suite with a postgres:// DATABASE_URL)"
        )
    import psycopg

    config = connection.settings_dict
    name = f"unknot_twoservers_{uuid.uuid4().hex[:8]}"
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def app_env(fresh_database, tmp_path_factory):
    """Production settings as `make serve` reads them, shared by both servers."""
    if not port_accepts(REDIS[1], REDIS[0]):
        pytest.skip("two app servers share one Redis; none answers on 127.0.0.1:6379")
    unwanted = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DATABASE_URL", "EMAIL_HOST"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=fresh_database,
        DATA_DIR=str(tmp_path_factory.mktemp("two-servers-data")),
        REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/0",
        CACHE_KEY_PREFIX=f"unknot-test-{uuid.uuid4().hex[:12]}",
        ALLOWED_HOSTS="127.0.0.1",
        PROXY_COUNT="1",
        # The test's browser speaks plain HTTP to the proxy on loopback, so cookies
        # must go without TLS; the apps still take every request as HTTPS.
        SECURE_COOKIES="0",
        ENTRIES_PER_MINUTE=str(ENTRIES_PER_MINUTE),
        LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
        STAFF_2FA="0",
        RUN_WORKER="0",  # the workers are started by the reminder test itself
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    yield env
    # Sessions and counters this run left in the shared Redis.
    import redis

    store = redis.Redis(*REDIS)
    keys = list(store.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*"))
    if keys:
        store.delete(*keys)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("two-servers")


@pytest.fixture(scope="module")
def servers(app_env, workdir):
    """Server a, then b: the first migrates the fresh database, so they never race to."""
    started = []
    try:
        for name in ("a", "b"):
            server = AppServer(name, app_env, workdir)
            started.append(server)
            server.start()
        manage(app_env, "shell", "-c", MAKE_PATIENTS.format(names=PATIENTS, password=PASSWORD))
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="module")
def proxy(servers):
    with RoundRobinProxy([server.port for server in servers]) as proxy:
        for server in servers:
            assert proxy.wait_until(server.port, healthy=True)
        yield proxy


@pytest.fixture
def both(servers):
    return {server.port for server in servers}


def assert_alternating(ports, both):
    assert set(ports) == both
    assert all(first != second for first, second in zip(ports, ports[1:], strict=False))


def test_a_log_in_made_on_one_server_holds_on_the_other(proxy, both):
    sam = Visitor(proxy)

    log_in = sam.log_in("sam", PASSWORD)
    pings = [sam.request("/diary/ping/") for _ in range(4)]

    # The log-in form came from one server and was posted to the other (its CSRF
    # cookie and token held there); the session it made is read on both.
    assert [status for status, _port in log_in] == [200, 302]
    assert_alternating([port for _status, port in log_in], both)
    assert [status for status, _body, _port in pings] == [200] * 4
    assert all("sam" in body for _status, body, _port in pings)
    assert_alternating([port for _status, _body, port in pings], both)


def test_logging_out_on_one_server_ends_the_session_on_the_other(proxy, both):
    rita = Visitor(proxy)
    rita.log_in("rita", PASSWORD)
    rita.pick_up_csrf()

    status, _body, out_on = rita.request("/accounts/logout/", {})
    after = [rita.request("/diary/ping/") for _ in range(2)]

    assert status == 302
    assert [status for status, _body, _port in after] == [302, 302]
    assert {port for _status, _body, port in after} == both
    assert out_on in both


def start_of_a_minute_window():
    """Wait until at least 20 s are left in this minute, so the limit's one-minute
    window cannot roll over between the entries of a test."""
    assert wait_until(lambda: time.time() % 60 < 40, timeout=61)


def test_the_entries_per_minute_limit_counts_across_both_servers(proxy, both):
    figure = Visitor(proxy)
    figure.log_in("steady", PASSWORD)
    figure.pick_up_csrf()
    start_of_a_minute_window()

    answers = [
        figure.request(
            "/diary/spasms/quick/",
            {"area": "neck", "intensity": "5", "client_token": str(uuid.uuid4())},
        )
        for _ in range(ENTRIES_PER_MINUTE + 1)
    ]

    statuses = [status for status, _body, _port in answers]
    assert all(status in (200, 302) for status in statuses[:ENTRIES_PER_MINUTE]), statuses
    assert statuses[ENTRIES_PER_MINUTE] == 429
    assert_alternating([port for _status, _body, port in answers], both)


def test_the_log_in_lockout_counts_across_both_servers(proxy, both):
    attacker = Visitor(proxy)

    first = attacker.log_in("guessed", "wrong-guess")[1]
    guesses = [first] + [
        attacker.post_log_in("guessed", "wrong-guess") for _ in range(LOGIN_FAILURE_LIMIT - 1)
    ]
    # Locked on both servers now, even with the right password.
    after = [attacker.post_log_in("guessed", PASSWORD) for _ in range(2)]

    assert [status for status, _port in guesses] == [200] * (LOGIN_FAILURE_LIMIT - 1) + [429]
    assert_alternating([port for _status, port in guesses], both)
    assert [status for status, _port in after] == [429, 429]
    assert_alternating([port for _status, port in after], both)


SPASMS_SHOWN = re.compile(r'glance__number">(\d+)</strong>\s*spasms?\b')


def spasms_on_dashboard(visitor):
    status, page, port = visitor.request("/diary/")
    assert status == 200
    return sum(int(number) for number in SPASMS_SHOWN.findall(page)), port


def test_a_figure_written_through_one_server_is_read_through_the_other_at_once(proxy, both):
    figure = Visitor(proxy)
    figure.log_in("figure", PASSWORD)
    figure.pick_up_csrf()
    before = [spasms_on_dashboard(figure) for _ in range(2)]

    status, _body, written_on = figure.request(
        "/diary/spasms/quick/",
        {"area": "neck", "intensity": "7", "client_token": str(uuid.uuid4())},
    )
    after = [spasms_on_dashboard(figure) for _ in range(2)]

    assert status in (200, 302)
    assert [count for count, _port in before] == [0, 0]
    assert {port for _count, port in before} == both
    assert [count for count, _port in after] == [1, 1]
    assert {port for _count, port in after} == both
    assert written_on in both


def sent_emails(workers):
    """(to, subject) of every email the workers' console backend printed."""
    sent = []
    for worker in workers:
        for chunk in worker.output().split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                sent.append((message["To"], message["Subject"]))
    return sent


def test_two_workers_send_a_due_reminder_exactly_once(servers, app_env, workdir):
    workers = [Worker(name, app_env, workdir) for name in ("one", "two")]
    expected = {
        (f"{name}@example.org", subject): 1
        for name in REMINDED
        for subject in [
            "Unknot: a moment for today's check-in?",
            *(f"Unknot: dose due: Medicine {number}" for number in range(MEDICINES)),
        ]
    }
    try:
        for worker in workers:
            worker.start()
        # Both workers are polling before anything is due to anyone.
        a_minute_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        due = a_minute_ago.time().replace(second=0, microsecond=0)
        code = MAKE_DUE_REMINDERS.format(
            due=due.isoformat(), names=REMINDED, password=PASSWORD, medicines=MEDICINES
        )
        manage(app_env, "shell", "-c", code)
        assert wait_until(lambda: len(sent_emails(workers)) >= len(expected), timeout=120), (
            sent_emails(workers),
            [worker.errors() for worker in workers],
        )
    finally:
        # SIGTERM lets each finish its round: whatever either was sending is in its log.
        for worker in workers:
            worker.stop()
    # A third look, after both stopped, finds nothing left to send.
    manage(app_env, "send_reminders")

    assert Counter(sent_emails(workers)) == expected
    assert f"SENT {MEDICINES * len(REMINDED)}" in manage(
        app_env, "shell", "-c", COUNT_SENT.format(names=REMINDED)
    )


def test_with_one_server_stopped_the_other_serves_everything_until_it_is_back(proxy, servers, both):
    sam = Visitor(proxy)
    sam.log_in("sam", PASSWORD)
    stopped, running = servers

    stopped.stop()
    assert proxy.wait_until(stopped.port, healthy=False)
    while_down = [sam.request(path) for path in ["/healthz", "/diary/ping/"] * 2]
    stopped.start()
    assert proxy.wait_until(stopped.port, healthy=True)
    back = [sam.request("/diary/ping/") for _ in range(2)]

    assert [status for status, _body, _port in while_down] == [200] * 4
    assert {port for _status, _body, port in while_down} == {running.port}
    assert while_down[0][1] == '{"status": "ok", "database": "ok", "cache": "ok"}'
    assert [status for status, _body, _port in back] == [200, 200]
    assert {port for _status, _body, port in back} == both
