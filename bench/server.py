"""Serve an instance with `make serve` (gunicorn + whitenoise, DEBUG=0) on a free loopback port."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from bench.instance import DATA_DIR, ROOT

START_TIMEOUT = 180  # seconds: make serve migrates, loads the guide and collects static first
STOP_TIMEOUT = 20


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`make serve` in its own process group, so stopping it stops gunicorn and its workers."""

    def __init__(self, instance, workers):
        self.instance = instance
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log_path = DATA_DIR / f"server-{instance.slug}.log"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        env = self.instance.environment(
            PORT=str(self.port),
            BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(self.workers),
        )
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"make serve stopped (exit {self.process.returncode}); see {self.log_path}"
                )
            if self.answers():
                return
            time.sleep(0.25)
        self.stop()
        raise SystemExit(f"make serve did not answer within {START_TIMEOUT}s; see {self.log_path}")

    def answers(self):
        try:
            with urllib.request.urlopen(f"{self.base_url}/accounts/login/", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self):
        """SIGTERM to the process group we started (make, gunicorn, its workers), then wait."""
        if self.process is None or self.process.poll() is not None and not self._group_alive():
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(STOP_TIMEOUT)
            deadline = time.monotonic() + STOP_TIMEOUT
            while self._group_alive() and time.monotonic() < deadline:
                time.sleep(0.2)
            if self._group_alive():
                os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        finally:
            self.log.close()

    def _group_alive(self):
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True
