"""Serve an instance with `make serve` (gunicorn + whitenoise, DEBUG=0) on a free loopback port.

Starting, waiting until the log-in page answers and stopping the process group are
tests/live_server.py's, the one live-server helper the tests use too.
"""

from bench.instance import DATA_DIR
from tests.live_server import ServerDidNotStart, ServerProcess, free_port

START_TIMEOUT = 180  # seconds: make serve migrates, loads the guide and collects static first
STOP_TIMEOUT = 20


class Server:
    """`make serve` in its own process group, so stopping it stops gunicorn and its workers."""

    def __init__(self, instance, workers):
        self.instance = instance
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = DATA_DIR / f"server-{instance.slug}.log"
        self.process = None

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
        self.process = ServerProcess(
            ["make", "--no-print-directory", "serve"],
            env=env,
            port=self.port,
            log_path=self.log_path,
        )
        try:
            self.process.start(timeout=START_TIMEOUT)
        except ServerDidNotStart as error:
            raise SystemExit(f"make serve did not start: {error}") from None

    def stop(self):
        """SIGTERM to the process group we started (make, gunicorn, its workers), then wait."""
        if self.process is not None:
            self.process.stop(timeout=STOP_TIMEOUT)
