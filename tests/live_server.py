"""Start a real Unknot (or any server) in other processes and wait until it answers.

The one live-server helper for the security tests' gunicorn (tests/security/live_app.py),
the benchmark's `make serve` (bench/server.py), the README's screenshots
(tests/browser/screenshots.py) and the Redis the cache test starts. Plain functions and
no pytest, so the benchmark can import it too.

Every wait here is on a condition with a deadline — the port accepts, the page answers
200, the process group is gone — polled every fraction of a second; nothing sleeps
for a fixed time and hopes.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLL = 0.1  # seconds between two looks at a condition


class ServerDidNotStart(RuntimeError):
    pass


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout, give_up=lambda: False):
    """Look at `condition()` until it is true (True) or `timeout` seconds pass or
    `give_up()` is true (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if give_up() or time.monotonic() > deadline:
            return False
        time.sleep(POLL)


def port_accepts(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def page_answers(url):
    """Whether GET `url` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class ServerProcess:
    """`command` in a process group of its own, answering 200 at `base_url + ready_path`.

    Use as a context manager, or call start() and stop(). Stopping sends SIGTERM to the
    whole group (make, gunicorn and its workers) and waits for it to be gone.
    """

    def __init__(self, command, *, env, port, log_path, cwd=ROOT, ready_path="/accounts/login/"):
        self.command = list(command)
        self.env = env
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.ready_url = self.base_url + ready_path
        self.log_path = Path(log_path)
        self.cwd = cwd
        self.process = None
        self._log = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=60):
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait_until(lambda: page_answers(self.ready_url), timeout, self.exited):
            return
        if self.exited():
            why = f"{self.command[0]} stopped (exit {self.process.returncode})"
        else:
            why = f"{self.ready_url} did not answer 200 within {timeout}s"
        self.stop()
        raise ServerDidNotStart(f"{why}; its log, {self.log_path}:\n{self.log()[-3000:]}")

    def exited(self):
        return self.process.poll() is not None

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self, timeout=20):
        """SIGTERM to the group, SIGKILL if it is still there after `timeout` seconds."""
        if self.process is not None:
            for sign in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.process.pid, sign)
                except ProcessLookupError:
                    break
                if wait_until(self._group_gone, timeout):
                    break
            self.process.wait(timeout)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def _group_gone(self):
        self.process.poll()  # reap the leader, so the group can empty
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return True
        return False
