"""Two Unknot app servers behind one reverse proxy, for tests/site/test_two_app_servers.py.

- `AppServer`: `make serve` (gunicorn, DEBUG=0, whitenoise) on a free port of 127.0.0.1.
- `RoundRobinProxy`: a small threaded reverse proxy on loopback, standing in for the
  TLS-terminating Caddy or nginx of a real host. Each request goes to the next app
  server in turn; it passes headers and bodies through, appends the address it was
  reached from to X-Forwarded-For, says the request came over HTTPS
  (X-Forwarded-Proto), and names the server that answered in X-Upstream (for the
  tests). It probes each server's /healthz directly (plain HTTP) every POLL seconds and
  skips a server that does not answer 200; a server that refuses the connection is
  skipped at once.
- `Visitor`: one person's browser at the proxy: cookies, a CSRF token, no redirects.
- `Worker`: `manage.py run_worker` in a process of its own.

Every wait is on a condition with a deadline (tests/live_server.py).
"""

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.live_server import ROOT, ServerProcess, free_port, wait_until

POLL = 0.1  # seconds between two health probes of each server
START_TIMEOUT = 300  # make serve migrates, loads the guide and collects static first
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "upgrade",
    "trailer",
}
UPSTREAM_HEADER = "X-Upstream"


class AppServer:
    """`make serve` with `env` on a port of its own; `name` tells it apart in answers."""

    def __init__(self, name, env, workdir):
        self.name = name
        self.port = free_port()
        self.env = {**env, "PORT": str(self.port), "BIND": f"127.0.0.1:{self.port}"}
        self.log_path = Path(workdir) / f"serve-{name}.log"
        self.process = None

    def start(self):
        self.process = ServerProcess(
            ["make", "--no-print-directory", "serve"],
            env=self.env,
            port=self.port,
            log_path=self.log_path,
            ready_path="/healthz",
        )
        self.process.start(timeout=START_TIMEOUT)

    def stop(self):
        if self.process is not None:
            self.process.stop()
        self.process = None

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""


class _ProxyHandler(BaseHTTPRequestHandler):
    proxy = None  # the RoundRobinProxy, set on the subclass each proxy makes
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.forward()

    def do_HEAD(self):
        self.forward()

    def do_POST(self):
        self.forward()

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in HOP_BY_HOP | {"x-forwarded-for", "x-forwarded-proto"}
        }
        sent = self.headers.get("X-Forwarded-For")
        peer = self.client_address[0]
        headers["X-Forwarded-For"] = f"{sent}, {peer}" if sent else peer
        headers["X-Forwarded-Proto"] = "https"
        for port in self.proxy.upstreams_in_turn():
            upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                upstream.connect()
            except ConnectionRefusedError:
                # Down since the last probe: nothing was sent, so the next one may answer.
                self.proxy.mark(port, healthy=False)
                upstream.close()
                continue
            try:
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
            except OSError:
                upstream.close()
                return self.answer(502, [], b"The app server stopped answering.\n", port)
            upstream.close()
            return self.answer(answer.status, answer.getheaders(), content, port)
        return self.answer(503, [], b"No app server is healthy.\n", None)

    def answer(self, status, headers, content, port):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        if port is not None:
            self.send_header(UPSTREAM_HEADER, str(port))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    def log_message(self, *args):
        pass


class RoundRobinProxy:
    def __init__(self, upstream_ports):
        self.ports = list(upstream_ports)
        self.healthy = dict.fromkeys(self.ports, False)
        self.probes = dict.fromkeys(self.ports, 0)
        self._turn = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        handler = type("Handler", (_ProxyHandler,), {"proxy": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._threads = [
            threading.Thread(target=self.server.serve_forever, daemon=True),
            threading.Thread(target=self._probe_forever, daemon=True),
        ]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)

    def upstreams_in_turn(self):
        """The healthy servers, starting with the next one in turn."""
        with self._lock:
            start = self._turn
            self._turn = (self._turn + 1) % len(self.ports)
            order = self.ports[start:] + self.ports[:start]
            return [port for port in order if self.healthy[port]]

    def mark(self, port, healthy):
        with self._lock:
            self.healthy[port] = healthy

    def probe(self, port):
        """Whether the server answers 200 at /healthz, over plain HTTP, as a proxy asks."""
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except (OSError, http.client.HTTPException):
            return False

    def _probe_forever(self):
        while not self._stopping.is_set():
            for port in self.ports:
                healthy = self.probe(port)
                with self._lock:
                    self.healthy[port] = healthy
                    self.probes[port] += 1
            self._stopping.wait(POLL)

    def wait_until(self, port, healthy, timeout=60):
        """Wait until the proxy's own probes, made after this call, find `port` so."""
        after = self.probes[port]
        return wait_until(
            lambda: self.probes[port] > after and self.healthy[port] is healthy, timeout
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser at the proxy. It sends the Origin a browser on the proxy's
    https:// address would, which Django's CSRF check compares with the Host."""

    def __init__(self, proxy):
        self.proxy = proxy
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
        )
        self.csrf = None
        self.login_token = None

    def request(self, path, data=None):
        """(status, body, the port of the app server that answered)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.proxy.base_url + path, data=body)
        request.add_header("Origin", f"https://127.0.0.1:{self.proxy.port}")
        if self.csrf:
            request.add_header("X-CSRFToken", self.csrf)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), _upstream(response)
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace"), _upstream(answer)

    def log_in(self, username, password):
        """[(status, upstream)] of the log-in page and the log-in post."""
        status, page, first = self.request("/accounts/login/")
        assert status == 200, page[:500]
        self.login_token = CSRF.search(page).group(1)
        return [(status, first), self.post_log_in(username, password)]

    def post_log_in(self, username, password):
        """(status, upstream) of one more log-in post with the form's token: 302 in,
        200 a wrong password, 429 locked out."""
        data = {"username": username, "password": password}
        status, _page, port = self.request(
            "/accounts/login/", {**data, "csrfmiddlewaretoken": self.login_token}
        )
        return status, port

    def pick_up_csrf(self):
        status, page, _port = self.request("/diary/")
        assert status == 200, page[:500]
        self.csrf = CSRF.search(page).group(1)
        return page


def _upstream(response):
    port = response.headers.get(UPSTREAM_HEADER)
    return int(port) if port else None


class Worker:
    """`manage.py run_worker` with `env`; what it prints (the console email backend's
    messages) goes to its log."""

    def __init__(self, name, env, workdir):
        self.env = env
        self.log_path = Path(workdir) / f"worker-{name}.log"
        self.errors_path = Path(workdir) / f"worker-{name}.errors.log"
        self.process = None

    def start(self):
        with open(self.log_path, "w") as out, open(self.errors_path, "w") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--poll", "0.2", "-v", "0"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=errors,
                start_new_session=True,
            )

    def stop(self, timeout=60):
        """SIGTERM: the worker finishes the round it is in, then exits."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
        self.process = None

    def output(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def errors(self):
        return self.errors_path.read_text() if self.errors_path.exists() else ""
