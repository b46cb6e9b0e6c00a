"""Timing: sequential latency, throughput with concurrent clients, and page weight."""

import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from bench.client import Session, gzip_size


class BenchError(SystemExit):
    pass


def check(response, page, url):
    """Every measured response must be the page itself, not an error or a log-in redirect."""
    if response.status != 200:
        raise BenchError(f"{page.name}: {url} answered HTTP {response.status}")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    mean_ms: float
    requests: int


def timing(seconds):
    ms = [s * 1000 for s in seconds]
    return Timing(statistics.median(ms), percentile(ms, 0.95), statistics.fmean(ms), len(ms))


def sequential(session, page, url, requests, warmup, deadline=None):
    """`requests` requests one after another, after `warmup` unmeasured ones."""
    return alternating([session], page, url, requests, warmup, deadline)[0]


def alternating(sessions, page, url, requests, warmup, deadline=None):
    """`requests` requests as each of `sessions` in turn (a, b, a, b, …), a Timing for
    each: whatever else loads the machine meanwhile weighs on all of them alike, so
    their ratio is the pages' own."""
    for _ in range(warmup):
        for session in sessions:
            check(session.get(url), page, url)
    seconds = [[] for _ in sessions]
    for _ in range(requests):
        if deadline is not None and time.monotonic() > deadline:
            raise BenchError("The time limit ran out; stopping.")
        for session, taken in zip(sessions, seconds, strict=True):
            response = session.get(url)
            check(response, page, url)
            taken.append(response.seconds)
    return [timing(taken) for taken in seconds]


@dataclass
class Throughput:
    clients: int
    requests: int
    seconds: float
    errors: int

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def concurrent(cookies, base_url, page, url, clients, max_requests, max_seconds):
    """`clients` threads share a budget of requests and seconds; whichever runs out first."""
    lock = threading.Lock()
    state = {"started": 0, "done": 0, "errors": 0}
    deadline = time.monotonic() + max_seconds

    def worker():
        session = Session(base_url)
        session.cookies = dict(cookies)
        while True:
            with lock:
                if state["started"] >= max_requests or time.monotonic() >= deadline:
                    return
                state["started"] += 1
            try:
                response = session.get(url)
                ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                state["done" if ok else "errors"] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + 120)
    elapsed = time.perf_counter() - started
    return Throughput(clients, state["done"], elapsed, state["errors"])


class AssetFinder(HTMLParser):
    """The stylesheets and scripts a page loads, and any address on another host."""

    def __init__(self):
        super().__init__()
        self.assets = []
        self.other_hosts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.add(attrs.get("href"))
        elif tag == "script" and attrs.get("src"):
            self.add(attrs["src"])
        for name in ("src", "href", "action"):
            value = attrs.get(name) or ""
            if tag in {"img", "script", "link", "iframe", "form", "source"} and re.match(
                r"^(https?:)?//", value
            ):
                self.other_hosts.append(value)

    def add(self, url):
        if url:
            self.assets.append(url)


@dataclass
class Weight:
    html_bytes: int
    html_gzip: int
    assets_gzip: int  # CSS and JS, as whitenoise sends them to a browser that accepts gzip
    assets: list = field(default_factory=list)
    other_hosts: list = field(default_factory=list)

    @property
    def total_gzip(self):
        return self.html_gzip + self.assets_gzip


def page_weight(session, body, asset_sizes):
    """HTML + the CSS and JS it loads, compressed; `asset_sizes` caches what was fetched."""
    finder = AssetFinder()
    finder.feed(body.decode("utf-8", "replace"))
    total = 0
    for url in finder.assets:
        path = urlsplit(url).path
        if path not in asset_sizes:
            response = session.get(path, headers={"Accept-Encoding": "gzip"})
            if response.status != 200:
                raise BenchError(f"static file {path} answered HTTP {response.status}")
            asset_sizes[path] = (len(response.body), response.header("cache-control"))
        total += asset_sizes[path][0]
    return Weight(len(body), gzip_size(body), total, finder.assets, finder.other_hosts)
