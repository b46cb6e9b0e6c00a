"""A small HTTP client for loopback: sessions by cookie, one connection per request.

gunicorn's sync workers close the connection after each response, as a browser
behind a proxy would see a fresh one anyway, so each request opens its own.
"""

import gzip
import http.client
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TIMEOUT = 60


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    def header(self, name):
        return self.headers.get(name.lower(), "")


class Session:
    def __init__(self, base_url):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        raw_headers = response.getheaders()
        for name, value in raw_headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        headers = {name.lower(): value for name, value in raw_headers}
        return Response(response.status, headers, data, seconds)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def log_in(self, username, password, path="/accounts/login/"):
        """Log in through the real form, CSRF token and all; fail loudly if it does not work."""
        form = self.get(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or match is None:
            raise SystemExit(f"No log-in form at {path} (HTTP {form.status}).")
        body = urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": username,
                "password": password,
            }
        )
        response = self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}{path}",
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not log in as {username} (HTTP {response.status}).")
        return response


def gzip_size(body):
    """What a reverse proxy's gzip (level 6, the nginx and Caddy default) would send."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))
