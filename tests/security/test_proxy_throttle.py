"""Log-in throttling behind a reverse proxy: a real Unknot (gunicorn) behind a small
reverse proxy on loopback that does what nginx's `$proxy_add_x_forwarded_for` does —
it appends the address it was reached from to X-Forwarded-For. Each test client tells
the proxy which address to pretend it came from, so one machine can play an attacker
and a patient elsewhere.

With PROXY_COUNT=1 an attacker's wrong passwords lock only the attacker's address, and a
forged X-Forwarded-For does not buy more guesses. With PROXY_COUNT=0 the header is never
believed, since anyone can send it."""

import http.client
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.security.live_app import CSRF, PASSWORD

PATIENT = "pat"
ATTACKER = "198.51.100.7"
PATIENT_AT_HOME = "203.0.113.25"
FAILURE_LIMIT = 5
# Told to the proxy by the test, never passed on: the address the proxy pretends
# the request came from.
PEER_HEADER = "X-Test-Peer-Address"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "trailer"}


class ForwardingHandler(BaseHTTPRequestHandler):
    """One reverse-proxy hop: forward the request to the app, appending the peer's
    address to whatever X-Forwarded-For the client sent."""

    app_port = None  # set on the subclass made for each app

    def do_GET(self):
        self.forward()

    def do_POST(self):
        self.forward()

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        peer = self.headers.get(PEER_HEADER) or self.client_address[0]
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in HOP_BY_HOP | {PEER_HEADER.lower(), "x-forwarded-for"}
        }
        sent = self.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = f"{sent}, {peer}" if sent else peer
        upstream = http.client.HTTPConnection("127.0.0.1", self.app_port, timeout=60)
        try:
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


class ReverseProxy:
    def __init__(self, app_port):
        handler = type("Handler", (ForwardingHandler,), {"app_port": app_port})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Someone logging in at `base_url`, from `peer` as the proxy will see it, sending
    `forged` as an X-Forwarded-For of their own."""

    def __init__(self, base_url, peer=None):
        self.base_url = base_url
        self.peer = peer
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects()
        )
        self.token = None

    def request(self, path, data=None, forged=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        if self.peer:
            request.add_header(PEER_HEADER, self.peer)
        if forged:
            request.add_header("X-Forwarded-For", forged)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace")

    def log_in(self, password, forged=None):
        """The status of a log-in: 302 in, 200 wrong password, 429 locked out."""
        if self.token is None:
            _status, page = self.request("/accounts/login/")
            self.token = CSRF.search(page).group(1)
        data = {"username": PATIENT, "password": password, "csrfmiddlewaretoken": self.token}
        status, _page = self.request("/accounts/login/", data, forged=forged)
        return status


def serve(live_app, proxy_count):
    live_app.env["PROXY_COUNT"] = str(proxy_count)
    live_app.env["LOGIN_FAILURE_LIMIT"] = str(FAILURE_LIMIT)
    live_app.prepare([PATIENT])
    live_app.start(workers=2, threads=2)


def guess_until_locked(browser, forged=lambda number: None):
    answers = [
        browser.log_in("wrong-guess", forged=forged(number)) for number in range(FAILURE_LIMIT)
    ]
    # The guess that reaches the limit is answered with the lockout page already.
    assert answers == [200] * (FAILURE_LIMIT - 1) + [429]


@pytest.fixture
def proxied_app(live_app):
    serve(live_app, proxy_count=1)
    with ReverseProxy(live_app.port) as proxy:
        yield proxy


def test_behind_a_proxy_the_attacker_is_locked_out(proxied_app):
    attacker = Browser(proxied_app.base_url, peer=ATTACKER)
    guess_until_locked(attacker)

    assert attacker.log_in(PASSWORD) == 429


def test_behind_a_proxy_a_patient_elsewhere_still_logs_in(proxied_app):
    guess_until_locked(Browser(proxied_app.base_url, peer=ATTACKER))

    patient = Browser(proxied_app.base_url, peer=PATIENT_AT_HOME)

    assert patient.log_in(PASSWORD) == 302


def test_behind_a_proxy_a_forged_forwarded_for_buys_no_more_guesses(proxied_app):
    attacker = Browser(proxied_app.base_url, peer=ATTACKER)
    guess_until_locked(attacker, forged=lambda number: f"192.0.2.{number + 1}")

    assert attacker.log_in(PASSWORD, forged=PATIENT_AT_HOME) == 429


def test_without_a_proxy_a_forged_forwarded_for_buys_no_more_guesses(live_app):
    serve(live_app, proxy_count=0)
    attacker = Browser(live_app.base_url)
    guess_until_locked(attacker, forged=lambda number: f"192.0.2.{number + 1}")

    assert attacker.log_in(PASSWORD, forged=PATIENT_AT_HOME) == 429
