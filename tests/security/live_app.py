"""A real Unknot in other processes, for the tests that need real concurrency.

`LiveApp` makes a database of its own (a SQLite file, or a new PostgreSQL database
when the suite runs on PostgreSQL), migrates it, and serves it with gunicorn: several
worker processes with several threads each, so writes really do race. `Phone` is one
patient's browser: its own cookies, a log-in, and quick-log posts.

Everything listens on 127.0.0.1 only; tests/live_server.py starts the server and waits
for it on a condition with a deadline.
"""

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

from tests.live_server import ROOT, ServerProcess, free_port

BIN = Path(sys.executable).parent
PASSWORD = "a-long-test-password-42"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

MAKE_PATIENTS = """
from decimal import Decimal
from diary.models import Medication, User
for name in {names!r}:
    user = User.objects.create_user(name, password={password!r}, time_zone="Europe/London")
    Medication.objects.create(
        owner=user, name="Magnesium", usual_amount=Decimal(400), usual_unit="mg"
    )
"""

LIST_ENTRIES = """
import json
from diary.models import Dose, Spasm
rows = {}
for kind, model in (("spasms", Spasm), ("doses", Dose)):
    found = model.objects.select_related("owner")
    rows[kind] = [[row.owner.username, str(row.client_token)] for row in found]
print("ROWS " + json.dumps(rows))
"""


class LiveApp:
    def __init__(self, workdir, database_url, extra_env=None):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        unwanted = {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DATABASE_URL"}
        self.env = {key: value for key, value in os.environ.items() if key not in unwanted}
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="1",
            DATABASE_URL=database_url,
            DATA_DIR=str(self.workdir),
            ENTRIES_PER_MINUTE="0",
            STAFF_2FA="0",
            SIGNUP="open",
            LOG_LEVEL="WARNING",
            **(extra_env or {}),
        )
        self.server = None
        self.log = self.workdir / "server.log"

    def manage(self, *args, timeout=120):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def prepare(self, patients):
        self.manage("migrate", "--noinput", timeout=300)
        code = MAKE_PATIENTS.format(names=list(patients), password=PASSWORD)
        self.manage("shell", "-c", code)

    def start(self, workers=3, threads=4):
        """Serve with gunicorn; return once the log-in page answers 200."""
        command = [str(BIN / "gunicorn"), "config.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        command += ["--workers", str(workers), "--threads", str(threads)]
        self.server = ServerProcess(command, env=self.env, port=self.port, log_path=self.log)
        self.server.start(timeout=90)

    def stop(self):
        if self.server is not None:
            self.server.stop()
        self.server = None

    def server_log(self):
        return self.log.read_text() if self.log.exists() else ""

    def entries(self):
        """{"spasms": [(username, client_token)], "doses": [...]}, read by the app itself."""
        output = self.manage("shell", "-c", LIST_ENTRIES)
        line = next(line for line in output.splitlines() if line.startswith("ROWS "))
        return {kind: [tuple(row) for row in rows] for kind, rows in json.loads(line[5:]).items()}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Phone:
    """One patient's browser: cookies, a CSRF token, and the two quick-log buttons."""

    def __init__(self, app, username):
        self.app = app
        self.username = username
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
        )
        self.csrf = None

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.app.base_url + path, data=body)
        if self.csrf:
            request.add_header("X-CSRFToken", self.csrf)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace")

    def log_in(self):
        status, page = self.request("/accounts/login/")
        token = CSRF.search(page).group(1)
        status, _page = self.request(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert status == 302, f"log-in of {self.username} answered {status}"
        status, page = self.request("/diary/")
        assert status == 200
        self.csrf = CSRF.search(page).group(1)
        self.medication = re.search(r'name="medication" value="(\d+)"', page).group(1)

    def quick_spasm(self, token=None):
        token = token or str(uuid.uuid4())
        status, _ = self.request(
            "/diary/spasms/quick/",
            {"area": "neck", "intensity": "6", "client_token": token},
        )
        return status, token

    def quick_dose(self, token=None):
        """A dose, tapped again and again: each says yes to "log another?" at once
        (`again`), as a patient logging several doses in a row would."""
        token = token or str(uuid.uuid4())
        status, _ = self.request(
            "/diary/doses/quick/",
            {"medication": self.medication, "client_token": token, "again": "1"},
        )
        return status, token
