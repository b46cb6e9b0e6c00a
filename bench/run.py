"""`make bench`: build a heavy instance, serve it with `make serve`, measure its pages.

For each database (SQLite, then PostgreSQL when one answers on 127.0.0.1:5432 or
BENCH_DATABASE_URL is set) it:

1. builds the instance from nothing in its own database (bench.instance);
2. starts `make serve` (gunicorn, DEBUG=0, a fresh SECRET_KEY) on a free port of
   127.0.0.1 and logs in through the log-in form as the patient and the clinician;
3. for each page (bench.pages), after a few unmeasured requests, times at least
   200 requests one after another (median, p95), then lets 4 clients share a
   bounded budget of requests and seconds (requests per second), and weighs the
   HTML and the CSS and JS it loads, compressed;
4. stops the server and counts each page's SQL queries in-process for the heavy
   and a small diary (bench.queries).

It prints a table per database, with each median as a multiple of the floor's
(/diary/ping/, a signed-in page with a tiny template), and writes them with the
machine's details to docs/benchmark.md. Everything runs on loopback and stops by
itself: a time limit ends the run if something hangs.
"""

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench import lighthouse, report
from bench.client import Session
from bench.instance import DATA_DIR, ROOT, SIZES, postgres_instance, sqlite_instance
from bench.measure import BenchError, alternating, concurrent, page_weight, sequential
from bench.pages import (
    CLINICIAN,
    FLOOR,
    GROWTH_PAGES,
    GROWTH_PATIENTS,
    PAGES,
    PATIENT,
    url_values,
)
from bench.server import Server

MIN_REQUESTS = 200


@dataclass
class PageResult:
    page: object
    url: str
    timing: object
    throughput: object
    weight: object
    queries: dict = field(default_factory=dict)


@dataclass
class DatabaseResult:
    label: str
    version: str = ""
    build_seconds: float = 0.0
    measure_seconds: float = 0.0
    rows: dict = field(default_factory=dict)
    pages: list = field(default_factory=list)
    static: dict = field(default_factory=dict)  # a hashed file's path and Cache-Control
    load_before: float = 0.0  # the 1-minute load average when measuring began and ended
    load_after: float = 0.0

    floor_again: object = None  # the floor's Timing, measured again after every page
    lighthouse: list = field(default_factory=list)  # bench.lighthouse.Score, a page each
    lighthouse_note: str = ""  # why Lighthouse did not run
    size: str = "standard"  # bench.instance.SIZES
    patients: int = 0  # in the instance
    growth: list = field(default_factory=list)  # Growth, a GROWTH_PAGES page each

    @property
    def floor(self):
        return next(result for result in self.pages if result.page.key == FLOOR.key)

    @property
    def floor_ms(self):
        """The floor's median: the mean of its medians at the start and at the end."""
        first = self.floor.timing.median_ms
        if self.floor_again is None:
            return first
        return (first + self.floor_again.median_ms) / 2


@dataclass
class Growth:
    """One page's median for the one-year and the ten-year diary."""

    page: object
    one_year: object  # Timing
    ten_years: object

    @property
    def ratio(self):
        return self.ten_years.median_ms / self.one_year.median_ms


def say(message):
    print(message, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Measure Unknot's pages on a heavy instance.")
    parser.add_argument(
        "--requests",
        type=int,
        default=int(os.environ.get("BENCH_REQUESTS", MIN_REQUESTS)),
        help=f"sequential requests per page (at least {MIN_REQUESTS} for a real run)",
    )
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per page")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument(
        "--concurrent-requests",
        type=int,
        default=int(os.environ.get("BENCH_CONCURRENT_REQUESTS", 120)),
        help="requests the concurrent clients share, per page",
    )
    parser.add_argument(
        "--concurrent-seconds", type=float, default=15, help="at most this long, per page"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", 2)),
        help="gunicorn workers (default WEB_CONCURRENCY or 2)",
    )
    parser.add_argument(
        "--databases",
        default=os.environ.get("BENCH_DATABASES", "sqlite,postgresql"),
        help="which of sqlite,postgresql to run (PostgreSQL only when one answers)",
    )
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "standard"),
        help="which instances, of standard (the heavy patient and 199 light ones) and large "
        "(2,000 patients, 20 of them with 5 years; builds for about half an hour): "
        "e.g. standard,large",
    )
    parser.add_argument(
        "--growth-requests",
        type=int,
        default=int(os.environ.get("BENCH_GROWTH_REQUESTS", 150)),
        help="requests per page for each of the one-year and the ten-year diary, taking turns",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the instance the last run built instead of building it again",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=float(os.environ.get("BENCH_TIME_LIMIT", 1800)),
        help="seconds after which the whole run stops, finished or not",
    )
    parser.add_argument(
        "--wait-for-quiet",
        type=float,
        default=float(os.environ.get("BENCH_WAIT_FOR_QUIET", 120)),
        help="seconds to wait, at most, for the load average to drop before measuring",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmark.md"))
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write docs/benchmark.md again from the last full run's results "
        "(after editing bench/notes.md), measuring nothing",
    )
    return parser.parse_args(argv)


def instances(choice, sizes="standard"):
    chosen = {name.strip().lower() for name in choice.split(",") if name.strip()}
    found = []
    for size in [size.strip() for size in sizes.split(",") if size.strip()]:
        if size not in SIZES:
            raise SystemExit(f"Unknown size {size!r}: choose from {', '.join(SIZES)}.")
        if "sqlite" in chosen:
            found.append(sqlite_instance(size))
        if "postgresql" in chosen:
            postgres = postgres_instance(size)
            if postgres is None:
                say(
                    "PostgreSQL: nothing answers on 127.0.0.1:5432 and no BENCH_DATABASE_URL; "
                    "skipped."
                )
            else:
                found.append(postgres)
    return found


def marker_path(instance):
    return DATA_DIR / f"built-{instance.slug}.json"


def prepare(instance, reuse):
    """Build the instance, or with --reuse take the last build's accounts."""
    marker = marker_path(instance)
    if reuse and marker.exists():
        saved = json.loads(marker.read_text())
        if saved.get("database_url") == instance.database_url:
            instance.password = saved["password"]
            say(f"{instance.label}: reusing the instance built {saved['built_at']}")
            return saved.get("build_seconds", 0.0)
    say(f"{instance.label}: building the heavy instance …")
    marker.unlink(missing_ok=True)
    seconds = instance.build(say)
    marker.write_text(
        json.dumps(
            {
                "database_url": instance.database_url,
                "password": instance.password,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "build_seconds": seconds,
            }
        )
    )
    marker.chmod(0o600)
    say(f"  built in {seconds:.0f}s")
    return seconds


def patient_id(instance):
    code = (
        "from django.contrib.auth import get_user_model; "
        f"print(get_user_model().objects.get(username={PATIENT!r}).pk)"
    )
    return int(instance.manage("shell", "-v", "0", "-c", code).strip().splitlines()[-1])


def wait_for_quiet(max_seconds):
    """Give other work on the machine up to `max_seconds` to calm down before measuring."""
    cores = os.cpu_count() or 1
    waited = 0
    while os.getloadavg()[0] > cores * 0.75 and waited < max_seconds:
        if waited == 0:
            load = os.getloadavg()[0]
            say(f"  waiting up to {max_seconds:.0f}s for a quieter machine (load {load:.1f}) …")
        time.sleep(10)
        waited += 10


def measure_pages(instance, options, deadline):
    result = DatabaseResult(instance.label)
    wait_for_quiet(min(options.wait_for_quiet, max(0, deadline - time.monotonic() - 600)))
    result.load_before = os.getloadavg()[0]
    heavy_id = patient_id(instance)
    values = url_values(heavy_id)
    say(f"  serving with make serve ({options.workers} gunicorn workers) …")
    with Server(instance, options.workers) as server:
        say(f"  listening on {server.base_url}; logging in …")
        sessions = {"patient": Session(server.base_url), "clinician": Session(server.base_url)}
        sessions["patient"].log_in(PATIENT, instance.password)
        sessions["clinician"].log_in(CLINICIAN, instance.password)
        asset_sizes = {}
        for page in PAGES:
            if time.monotonic() > deadline:
                raise BenchError("The time limit ran out; stopping.")
            session = sessions[page.role]
            url = page.url(**values)
            timing = sequential(session, page, url, options.requests, options.warmup, deadline)
            throughput = concurrent(
                session.cookies,
                server.base_url,
                page,
                url,
                options.clients,
                options.concurrent_requests,
                min(options.concurrent_seconds, max(1, deadline - time.monotonic())),
            )
            weight = page_weight(session, session.get(url).body, asset_sizes)
            result.pages.append(PageResult(page, url, timing, throughput, weight))
            say(
                f"  {page.name:<38} median {timing.median_ms:7.1f} ms  p95 {timing.p95_ms:7.1f} ms"
                f"  {throughput.per_second:6.1f} req/s"
            )
        # The floor again, last: if the machine got busier or quieter during the run,
        # the two floors differ, and every multiple is taken of their mean.
        floor_url = FLOOR.url(**values)
        result.floor_again = sequential(
            sessions["patient"], FLOOR, floor_url, options.requests, options.warmup, deadline
        )
        say(f"  {'floor, again':<38} median {result.floor_again.median_ms:7.1f} ms")
        result.static = static_headers(sessions["patient"], asset_sizes)
        result.growth = measure_growth(server, instance, options, deadline)
        result.lighthouse_note = lighthouse.unavailable()
        result.lighthouse = lighthouse.score_pages(server.base_url, PAGES, sessions, values, say)
        result.load_after = os.getloadavg()[0]
    return result


def measure_growth(server, instance, options, deadline):
    """GROWTH_PAGES for the one-year and the ten-year diary, signed in as each, their
    requests taking turns (bench.measure.alternating)."""
    sessions = []
    for username in GROWTH_PATIENTS:
        session = Session(server.base_url)
        session.log_in(username, instance.password)
        sessions.append(session)
    values = url_values(0)
    found = {}
    for page in PAGES:
        if page.key in GROWTH_PAGES:
            url = page.url(**values)
            found[page.key] = [
                page,
                *alternating(
                    sessions, page, url, options.growth_requests, options.warmup, deadline
                ),
            ]
    growth = [Growth(page, one, ten) for page, one, ten in found.values()]
    for row in growth:
        say(
            f"  {row.page.name + ', 1 → 10 years':<38} {row.one_year.median_ms:7.1f} → "
            f"{row.ten_years.median_ms:7.1f} ms  ({row.ratio:.2f}×)"
        )
    return growth


def static_headers(session, asset_sizes):
    """The Cache-Control whitenoise sends with a hashed (versioned) static file."""
    for path, (_size, cache_control) in sorted(asset_sizes.items()):
        if path.endswith(".css") and path.count(".") >= 2:
            return {"path": path, "cache_control": cache_control}
    return {}


def count_queries(instance, result):
    env = instance.environment()
    completed = subprocess.run(
        [sys.executable, "-m", "bench.queries"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0:
        raise BenchError(
            f"Counting queries failed on {instance.label}:\n{completed.stderr[-3000:]}"
        )
    counted = json.loads(completed.stdout.strip().splitlines()[-1])
    for page_result in result.pages:
        page_result.queries = counted["queries"][page_result.page.key]
    result.version = counted["database"]
    result.rows = counted["rows"]


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
    except (OSError, StopIteration):
        model = platform.processor() or model
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
            memory = f"{kib / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    import django
    import gunicorn

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
    }


RESULTS = DATA_DIR / "results.pickle"


def report_only(options):
    if not RESULTS.exists():
        raise SystemExit("No results yet: run the benchmark first.")
    with open(RESULTS, "rb") as saved:
        results, machine_info, saved_options = pickle.load(saved)
    document = report.markdown(results, machine_info, saved_options)
    with open(options.output, "w") as output:
        output.write(document)
    say(f"Wrote {os.path.relpath(options.output, ROOT)} from the run of {machine_info['date']}.")


def main(argv=None):
    options = parse_args(argv)
    if options.report_only:
        report_only(options)
        return
    started = time.monotonic()
    deadline = started + options.time_limit
    if options.requests < MIN_REQUESTS:
        say(f"Note: {options.requests} requests per page is a trial run, not a benchmark.")
        options.no_write = True
    results = []
    for instance in instances(options.databases, options.sizes):
        build_seconds = prepare(instance, options.reuse)
        measure_started = time.monotonic()
        result = measure_pages(instance, options, deadline)
        result.size, result.patients = instance.size, instance.patients
        say("  counting queries in-process …")
        count_queries(instance, result)
        result.build_seconds = build_seconds
        result.measure_seconds = time.monotonic() - measure_started
        results.append(result)
        print()
        print(report.text_table(result))
        print()
    if not results:
        raise SystemExit("No database to measure.")
    machine_info = machine()
    document = report.markdown(results, machine_info, options)
    if options.no_write:
        say("Not writing docs/benchmark.md (--no-write or a trial run).")
    else:
        with open(options.output, "w") as output:
            output.write(document)
        with open(RESULTS, "wb") as saved:
            pickle.dump((results, machine_info, options), saved)
        say(f"Wrote {os.path.relpath(options.output, ROOT)}.")
    say(f"Done in {time.monotonic() - started:.0f}s.")
    missed = [
        f"{result.label}: {line}" for result in results for line in report.missed_targets(result)
    ]
    if missed:
        say("Targets missed:\n  " + "\n  ".join(missed))


if __name__ == "__main__":
    main()
