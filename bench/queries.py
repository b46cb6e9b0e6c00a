"""Count each page's SQL queries in-process, against the benchmark's own database.

Run by bench.run in a subprocess with the instance's environment (so Django's
settings are the served ones); prints JSON. Each page is counted for the heavy
patient and for a small one (the clinician's list with 200 patients and with
3), so a count that grows with the data shows up as two different numbers.

    python -m bench.queries                      # the counts, as JSON
    python -m bench.queries --profile insights_365 [--small]
                                                 # pyinstrument profile of one page
    python -m bench.queries --explain dashboard  # its queries, slowest first, with plans
"""

import argparse
import json
import os
import sys

import django


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def clients():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import CLINICIAN, PATIENT, SMALL_PATIENT

    users = get_user_model().objects
    heavy = users.get(username=PATIENT)
    small = users.get(username=SMALL_PATIENT)
    result = {}
    for key, user in (("heavy", heavy), ("small", small)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        result[key] = (client, user)
    doctor = Client(HTTP_HOST="127.0.0.1")
    doctor.force_login(users.get(username=CLINICIAN))
    return result, doctor, heavy, small


def count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: per-process caches (content types, templates)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return len(queries)


def fewer_shares(doctor_user, keep):
    """Revoke all but `keep` of the clinician's shares; returns a function that reopens them."""
    from diary.models import CareShare

    shares = CareShare.objects.active().filter(clinician=doctor_user).order_by("pk")
    closing = list(shares.values_list("pk", flat=True)[keep:])
    from django.utils import timezone

    CareShare.objects.filter(pk__in=closing).update(revoked_at=timezone.now())
    return lambda: CareShare.objects.filter(pk__in=closing).update(revoked_at=None)


def all_counts():
    from django.contrib.auth import get_user_model

    from bench.pages import CLINICIAN, PAGES, url_values

    patients, doctor, heavy, small = clients()
    doctor_user = get_user_model().objects.get(username=CLINICIAN)
    counts = {}
    for page in PAGES:
        if page.role == "patient":
            counts[page.key] = {
                size: count(client, page.url(**url_values(user.pk)))
                for size, (client, user) in patients.items()
            }
        elif page.key == "clinician_list":
            many = count(doctor, page.url(**url_values(heavy.pk)))
            reopen = fewer_shares(doctor_user, keep=3)
            try:
                few = count(doctor, page.url(**url_values(heavy.pk)))
            finally:
                reopen()
            counts[page.key] = {"heavy": many, "small": few}
        else:
            counts[page.key] = {
                "heavy": count(doctor, page.url(**url_values(heavy.pk))),
                "small": count(doctor, page.url(**url_values(small.pk))),
            }
    return counts


def database_version():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def row_counts():
    from bench.pages import PATIENT
    from diary.models import CareShare, CheckIn, Dose, Spasm, TechniqueSession

    models = (("spasms", Spasm), ("doses", Dose), ("technique_sessions", TechniqueSession))
    counts = {name: model.objects.filter(owner__username=PATIENT).count() for name, model in models}
    counts["check_ins"] = CheckIn.objects.filter(owner__username=PATIENT).count()
    counts["all_spasms"] = Spasm.objects.count()
    counts["shares"] = CareShare.objects.active().count()
    return counts


def profile(key, small, repeat):
    from pyinstrument import Profiler

    from bench.pages import PAGES, url_values

    page = next(p for p in PAGES if p.key == key)
    patients, doctor, heavy, small_user = clients()
    if page.role == "patient":
        client, user = patients["small" if small else "heavy"]
        url = page.url(**url_values(user.pk))
    else:
        client = doctor
        url = page.url(**url_values((small_user if small else heavy).pk))
    client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(repeat):
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def explain(key, small):
    """Each query of one page with its time and the database's plan, slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import PAGES, url_values

    page = next(p for p in PAGES if p.key == key)
    patients, doctor, heavy, small_user = clients()
    if page.role == "patient":
        client, user = patients["small" if small else "heavy"]
        url = page.url(**url_values(user.pk))
    else:
        client = doctor
        url = page.url(**url_values((small_user if small else heavy).pk))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    ordered = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    for query in ordered:
        print(f"--- {float(query['time']) * 1000:.1f} ms\n{query['sql']}")
        if query["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute(prefix + query["sql"])
                for row in cursor.fetchall():
                    print("    " + " ".join(str(cell) for cell in row))


def timings(repeat):
    """Each page's median time in-process (no HTTP, no gunicorn), for quick comparisons."""
    import statistics
    import time

    from bench.pages import PAGES, url_values

    patients, doctor, heavy, _small = clients()
    client = patients["heavy"][0]
    for page in PAGES:
        session = client if page.role == "patient" else doctor
        url = page.url(**url_values(heavy.pk))
        session.get(url)
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            session.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{page.key:<20} {statistics.median(wall):7.1f} ms"
            f"  (CPU here {statistics.median(cpu):6.1f} ms; with SQLite that includes the queries)"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", metavar="PAGE", help="profile one page with pyinstrument")
    parser.add_argument(
        "--explain", metavar="PAGE", help="each query of one page, timed and planned"
    )
    parser.add_argument("--small", action="store_true", help="the small patient's page")
    parser.add_argument("--time", action="store_true", help="each page's median, in-process")
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args(argv)
    setup()
    if options.profile:
        profile(options.profile, options.small, options.repeat)
        return
    if options.time:
        timings(options.repeat)
        return
    if options.explain:
        explain(options.explain, options.small)
        return
    json.dump(
        {"queries": all_counts(), "database": database_version(), "rows": row_counts()},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
