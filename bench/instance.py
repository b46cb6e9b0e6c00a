"""The heavy instance: its own database, its environment, and how it is built.

SQLite lives in data/bench/ (never the host's data/unknot.sqlite3); PostgreSQL
gets its own database (unknot_bench unless BENCH_DATABASE_URL says otherwise),
dropped and made again on every run.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.pages import CLINICIAN, GROWTH_PATIENTS, PATIENT

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "bench"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/unknot_bench"

# The heavy patient: five years of about 10 spasms, 3.5 doses, 1.3 technique sessions
# and 1 check-in (85 % of days) a day. seed_demo makes about 2.7 spasms a day at
# density 1; doses and sessions grow with the square root of the density.
HEAVY_DAYS = 5 * 365 + 1
HEAVY_DENSITY = 3.6
# The clinician's other patients: 199 smaller diaries (75 days at density 0.5
# to 1.5), so with the heavy patient 200 people share with the clinician.
CLINIC_PATIENTS = 199
CLINIC_DAYS = 75
SEED = 2024
# How a page grows with the diary: two more patients at the heavy patient's density,
# one with a year and one with ten (built at every size, measured on a few pages).
GROWTH_DAYS = {GROWTH_PATIENTS[0]: 365, GROWTH_PATIENTS[1]: 10 * 365 + 2}
# `--size large` (bench/run.py): 2,000 patients in all, 20 of them with five years —
# the heavy patient and 19 more at density 1 (bench-five-years-NN, not shared) — and
# 75-day diaries: the clinician's 999 (1,000 shares with the heavy patient) and 979
# sharing with a second clinician; with the two growth patients, 2,000. PostgreSQL's
# planner meets a realistic mix: no one diary is a large share of the rows.
SIZES = ("standard", "large")
LARGE_FIVE_YEAR_PATIENTS = 19
LARGE_FIVE_YEAR_DENSITY = 1.0
LARGE_CLINIC_PATIENTS = 999
LARGE_SECOND_CLINIC_PATIENTS = 979
SECOND_CLINICIAN = f"{CLINICIAN}-2"


@dataclass
class Instance:
    label: str  # "SQLite" or "PostgreSQL"
    database_url: str
    size: str = "standard"  # or "large" (SIZES)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @property
    def slug(self):
        name = self.label.lower()
        return name if self.size == "standard" else f"{name}-{self.size}"

    @property
    def patients(self):
        """How many patients the instance holds."""
        growth_and_heavy = len(GROWTH_DAYS) + 1
        if self.size == "large":
            return (
                growth_and_heavy
                + LARGE_FIVE_YEAR_PATIENTS
                + LARGE_CLINIC_PATIENTS
                + LARGE_SECOND_CLINIC_PATIENTS
            )
        return growth_and_heavy + CLINIC_PATIENTS

    def environment(self, **extra):
        """The server's environment: production settings, plain HTTP on loopback."""
        env = {
            k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=self.database_url,
            DATA_DIR=str(DATA_DIR),
            DEBUG="0",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1",
            # Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies sent without TLS.
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            # The clinician signs in with a password only; a second factor for
            # staff (when the server has one) is not what is being measured.
            STAFF_2FA="0",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def manage(self, *args, log=None):
        """Run a manage.py command against this instance; stop the run if it fails."""
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(
            command, cwd=ROOT, env=self.environment(), capture_output=True, text=True, timeout=1800
        )
        if log is not None:
            log.write(f"$ manage.py {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if result.returncode != 0:
            raise SystemExit(
                f"manage.py {' '.join(args)} failed on {self.label}:\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def build(self, say):
        """Make the database from nothing: migrate, the guide, the heavy patient, the clinic."""
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.reset_database()
        with open(DATA_DIR / f"build-{self.slug}.log", "w") as log:
            started = time.monotonic()
            self.manage("migrate", "--noinput", log=log)
            self.manage("load_education", log=log)
            say(f"  building the heavy patient: {HEAVY_DAYS} days at density {HEAVY_DENSITY} …")
            self.manage(
                "seed_demo", "--username", PATIENT, "--password", self.password,
                "--days", str(HEAVY_DAYS), "--density", str(HEAVY_DENSITY), "--seed", str(SEED),
                log=log,
            )  # fmt: skip
            clinic = LARGE_CLINIC_PATIENTS if self.size == "large" else CLINIC_PATIENTS
            say(f"  building the clinic: {clinic} more patients of {CLINIC_DAYS} days …")
            self.manage(
                "seed_demo", "--username", PATIENT, "--clinician", CLINICIAN,
                "--patients", str(clinic), "--days", str(CLINIC_DAYS),
                "--password", self.password, "--seed", str(SEED),
                log=log,
            )  # fmt: skip
            for username, days in GROWTH_DAYS.items():
                say(f"  building {username}: {days} days at density {HEAVY_DENSITY} …")
                self.seed(username, days, HEAVY_DENSITY, log)
            if self.size == "large":
                self.build_large(say, log)
            if self.label == "PostgreSQL":
                # What autovacuum does within a minute of bulk inserts, done now so
                # every run starts from the same statistics. SQLite gets no ANALYZE:
                # a host's database never has one run either.
                analyze_postgres(self.database_url)
        return time.monotonic() - started

    def seed(self, username, days, density, log):
        self.manage(
            "seed_demo", "--username", username, "--password", self.password,
            "--days", str(days), "--density", str(density), "--seed", str(SEED),
            log=log,
        )  # fmt: skip

    def build_large(self, say, log):
        """The rest of the 2,000 patients: 19 more five-year diaries, a second clinic."""
        for number in range(1, LARGE_FIVE_YEAR_PATIENTS + 1):
            say(f"  five-year patient {number} of {LARGE_FIVE_YEAR_PATIENTS} …")
            self.seed(f"bench-five-years-{number:02d}", HEAVY_DAYS, LARGE_FIVE_YEAR_DENSITY, log)
        say(f"  a second clinic: {LARGE_SECOND_CLINIC_PATIENTS} patients of {CLINIC_DAYS} days …")
        self.manage(
            "seed_demo", "--clinician", SECOND_CLINICIAN,
            "--patients", str(LARGE_SECOND_CLINIC_PATIENTS), "--days", str(CLINIC_DAYS),
            "--password", self.password, "--seed", str(SEED + 1),
            log=log,
        )  # fmt: skip

    def reset_database(self):
        if self.label == "SQLite":
            path = Path(urlsplit(self.database_url).path)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        else:
            recreate_postgres_database(self.database_url)


def sqlite_instance(size="standard"):
    name = "unknot-bench.sqlite3" if size == "standard" else f"unknot-bench-{size}.sqlite3"
    return Instance("SQLite", f"sqlite:///{DATA_DIR / name}", size=size)


def postgres_instance(size="standard"):
    """The PostgreSQL instance, or None when there is none to use. A size other than the
    standard one gets its own database: the URL's name with `_<size>` added."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        try:
            socket.create_connection(("127.0.0.1", 5432), 2).close()
        except OSError:
            return None
        url = DEFAULT_POSTGRES_URL
    if size != "standard":
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path=f"{parts.path}_{size}"))
    return Instance("PostgreSQL", url, size=size)


def analyze_postgres(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def recreate_postgres_database(url):
    """Drop and create the benchmark's own database, never one without "bench" in its name."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to drop the database {name!r}: the benchmark only drops and remakes "
            "a database with 'bench' in its name (set BENCH_DATABASE_URL to one)."
        )
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
