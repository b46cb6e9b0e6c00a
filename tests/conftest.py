"""Personas shared by the whole suite: a patient who owns a diary, a clinician the
diary can be shared with, a stranger who must never see it, and the host who runs the
site; a real server in other processes (`live_app`); and the builders that fill a
diary with known entries, on given days of the patient's own calendar (`Diary`,
`bulk_diary`) or at given moments (`make_spasm` and its siblings), so each figure has
a known answer.

Every fixture used by more than one folder lives here; tests import plain names
(`Diary`, `at`, `TODAY` …) from here and plain helpers from tests/helpers.py, never
from another folder's conftest."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from diary.care import sharing
from diary.diary_version import bump
from diary.models import (
    BodyArea,
    CheckIn,
    Dose,
    Medication,
    MedicationClass,
    Spasm,
    Technique,
    TechniqueSession,
    Trigger,
)

PASSWORD = "a-long-test-password-42"
# A fixed "today" for the patient, so every figure has a known answer.
TODAY = dt.date(2025, 3, 31)


def restore_shipped_rows():
    """Put back the rows our migrations ship (catalogues, the Clinicians group) after a
    transactional test emptied every table, by running those migrations' own data
    functions in migration order. Nothing happens while they are there."""
    from types import SimpleNamespace

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    if BodyArea.objects.exists():
        return
    loader = MigrationLoader(connection)
    # Only the rows need putting back: a migration's SQL on the schema (statistics,
    # settings) outlived the emptying, so its statements are skipped here.
    editor = SimpleNamespace(
        connection=connection,
        execute=lambda *args, **kwargs: None,
        quote_name=connection.ops.quote_name,
    )
    for key in loader.graph.forwards_plan(("diary", loader.graph.leaf_nodes("diary")[0][1])):
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, RunPython) and key[0] in ("diary", "education"):
                operation.code(apps, editor)


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (a live server, threads with their own connections) ends by
    emptying every table. Whatever runs next, in whatever order, finds the shipped rows."""
    yield
    # After the last test the test database is gone: nothing to restore, and the
    # connection would reach the real database.
    if nextitem is None or not _is_transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        restore_shipped_rows()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('HOST') or 'local file'})"


@pytest.fixture
def make_user(django_user_model):
    def make(username, **extra):
        return django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.org", **extra
        )

    return make


@pytest.fixture
def patient(make_user):
    return make_user("pat", time_zone="Europe/London")


@pytest.fixture
def stranger(make_user):
    return make_user("stranger")


@pytest.fixture
def clinician(make_user):
    return make_user("dr_lee", is_staff=True)


@pytest.fixture
def clinicians_group(db):
    return Group.objects.get(name=sharing.CLINICIANS_GROUP)


@pytest.fixture
def doctor(clinician, clinicians_group):
    """The clinician persona, in the Clinicians group."""
    clinician.groups.add(clinicians_group)
    return clinician


@pytest.fixture
def make_clinician(make_user, clinicians_group):
    """`make_clinician(username, **extra)`: another member of staff in the Clinicians group."""

    def make(username, **extra):
        user = make_user(username, is_staff=True, **extra)
        user.groups.add(clinicians_group)
        return user

    return make


@pytest.fixture
def host(make_user):
    """The support group's host: a superuser who runs the site and edits its guide."""
    return make_user("host", is_staff=True, is_superuser=True)


@pytest.fixture
def host_client(client, host):
    client.force_login(host)
    return client


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def database_vendor():
    return connection.vendor


@pytest.fixture(autouse=True)
def _in_the_hosts_language():
    """Each test starts in the host's language: a request in Spanish leaves Spanish
    active in its thread (LocaleMiddleware never switches back), and a test that calls
    a function directly would read its words in Spanish."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: counters such as entries per minute."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def otp_verified():
    """`otp_verified(client, user)`: give `user` an authenticator app and mark the client's
    session as having typed its code, as the admin requires of staff when STAFF_2FA is on.
    Logs the user in first if the client is not. Returns the TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def verify(client, user):
        if "_auth_user_id" not in client.session:
            client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    return verify


def at(day, hour=12, minute=0, user=None):
    """An aware datetime at a local hour on a day, in the patient's zone."""
    zone = user.zone if user is not None else dt.UTC
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def today_for(user):
    return timezone.localdate(timezone=user.zone)


def a_moment_ago():
    """Five minutes ago: the default moment of an entry made by `make_spasm` and the like."""
    return timezone.now() - dt.timedelta(minutes=5)


def local_day(user, moment):
    """The day of `moment` on the user's own calendar."""
    return timezone.localtime(moment, user.zone).date()


class Diary:
    """Makes entries for one patient; each method returns the row it made.

    An entry is on `day` at a local `hour`, or, given `when=` (an aware datetime), at
    that moment and on its day in the patient's zone."""

    def __init__(self, owner):
        self.owner = owner

    def _moment(self, day, hour, when):
        if when is None:
            return at(day, hour, user=self.owner), day
        return when, local_day(self.owner, when)

    def spasm(
        self, day=None, hour=12, intensity=5, areas=(), triggers=(), note="", when=None, **extra
    ):
        started_at, local_date = self._moment(day, hour, when)
        extra.setdefault("client_token", uuid.uuid4())
        spasm = Spasm.objects.create(
            owner=self.owner,
            started_at=started_at,
            local_date=local_date,
            intensity=intensity,
            note=note,
            **extra,
        )
        if areas:
            spasm.body_areas.set(BodyArea.objects.filter(slug__in=areas))
        if triggers:
            spasm.triggers.set(Trigger.objects.filter(slug__in=triggers))
        return spasm

    def session(
        self,
        day=None,
        technique="stretching",
        before=None,
        after=None,
        helped=None,
        when=None,
        **kw,
    ):
        started_at, local_date = self._moment(day, 18, when)
        kw.setdefault("client_token", uuid.uuid4())
        return TechniqueSession.objects.create(
            owner=self.owner,
            technique=Technique.objects.get(slug=technique),
            started_at=started_at,
            local_date=local_date,
            intensity_before=before,
            intensity_after=after,
            helped=helped,
            **kw,
        )

    def check_in(self, day, **answers):
        answers.setdefault("client_token", uuid.uuid4())
        return CheckIn.objects.create(owner=self.owner, local_date=day, **answers)

    def medication(self, name, kind="magnesium", amount="400", unit="mg", current=True):
        return Medication.objects.create(
            owner=self.owner,
            name=name,
            medication_class=MedicationClass.objects.get(slug=kind) if kind else None,
            usual_amount=Decimal(amount) if amount else None,
            usual_unit=unit,
            is_current=current,
        )

    def dose(self, medication, day=None, amount="400", unit="mg", hour=8, note="", when=None):
        taken_at, local_date = self._moment(day, hour, when)
        return Dose.objects.create(
            owner=self.owner,
            medication=medication,
            taken_at=taken_at,
            local_date=local_date,
            amount=Decimal(amount),
            unit=unit,
            note=note,
            client_token=uuid.uuid4(),
        )

    def backdate(self, row, created_at):
        """Pretend a row was logged at another time (created_at is auto_now_add)."""
        type(row).objects.filter(pk=row.pk).update(created_at=created_at)


@pytest.fixture
def diary(patient):
    return Diary(patient)


@pytest.fixture
def make_spasm():
    """`make_spasm(owner, when=…)`: a spasm in the neck five minutes ago unless told otherwise."""

    def make(owner, *, when=None, intensity=5, areas=("neck",), triggers=(), **extra):
        when = when or a_moment_ago()
        return Diary(owner).spasm(
            when=when, intensity=intensity, areas=areas, triggers=triggers, **extra
        )

    return make


@pytest.fixture
def make_medication():
    def make(owner, name="Magnesium", amount="400", unit="mg", class_slug="magnesium"):
        return Diary(owner).medication(name, kind=class_slug, amount=amount, unit=unit)

    return make


@pytest.fixture
def make_dose():
    def make(owner, medication, *, when=None, amount="400", unit="mg"):
        return Diary(owner).dose(medication, when=when or a_moment_ago(), amount=amount, unit=unit)

    return make


@pytest.fixture
def make_session():
    def make(owner, technique="stretching", *, when=None, before=6, after=3, **extra):
        return Diary(owner).session(
            technique=technique, when=when or a_moment_ago(), before=before, after=after, **extra
        )

    return make


@pytest.fixture
def make_check_in():
    def make(owner, day=None, **answers):
        answers.setdefault("stress", 4)
        return Diary(owner).check_in(day or local_day(owner, timezone.now()), **answers)

    return make


@pytest.fixture
def shipped_pages(db):
    """The guide's shipped pages, loaded for real (with their translations); the
    English ones returned."""
    from education.content import load_shipped_pages
    from education.models import GUIDE_LANGUAGE, Page

    load_shipped_pages()
    return Page.objects.filter(language=GUIDE_LANGUAGE)


@pytest.fixture
def frozen_today(patient):
    """Make "now" 10 pm on TODAY in the patient's zone: late enough that all of
    TODAY's entries made by the builders are in the past."""
    with time_machine.travel(at(TODAY, 22, user=patient), tick=False):
        yield TODAY


def bulk_diary(owner, last_day, days, spasms_a_day):
    """A dense diary made with bulk_create, for query-count tests: spasms with areas
    and triggers, doses, technique sessions and a check-in every day, for `days` days
    up to `last_day`."""
    areas = list(BodyArea.objects.values_list("pk", flat=True))
    trigger_ids = list(Trigger.objects.values_list("pk", flat=True))
    technique = Technique.objects.get(slug="stretching")
    medication = Medication.objects.create(owner=owner, name="Bulk magnesium")
    spasms, doses, sessions, check_ins = [], [], [], []
    for offset in range(days):
        day = last_day - dt.timedelta(days=offset)
        for n in range(spasms_a_day):
            spasms.append(
                Spasm(
                    owner=owner,
                    local_date=day,
                    started_at=at(day, (n * 5) % 24, user=owner),
                    intensity=(offset + n) % 11,
                    note="note" if n == 0 else "",
                )
            )
        doses.append(
            Dose(
                owner=owner,
                medication=medication,
                local_date=day,
                taken_at=at(day, 8, user=owner),
                amount=Decimal("400"),
                unit="mg",
            )
        )
        sessions.append(
            TechniqueSession(
                owner=owner,
                technique=technique,
                local_date=day,
                started_at=at(day, 18, user=owner),
                intensity_before=7,
                intensity_after=offset % 7,
            )
        )
        check_ins.append(
            CheckIn(
                owner=owner,
                local_date=day,
                sleep_hours=Decimal(offset % 9),
                stress=offset % 11,
                water_glasses=offset % 8,
            )
        )
    Spasm.objects.bulk_create(spasms, batch_size=1000)
    Spasm.body_areas.through.objects.bulk_create(
        [
            Spasm.body_areas.through(spasm_id=s.pk, bodyarea_id=areas[i % len(areas)])
            for i, s in enumerate(spasms)
        ],
        batch_size=1000,
    )
    Spasm.triggers.through.objects.bulk_create(
        [
            Spasm.triggers.through(spasm_id=s.pk, trigger_id=trigger_ids[i % len(trigger_ids)])
            for i, s in enumerate(spasms)
            if i % 2
        ],
        batch_size=1000,
    )
    Dose.objects.bulk_create(doses, batch_size=1000)
    TechniqueSession.objects.bulk_create(sessions, batch_size=1000)
    CheckIn.objects.bulk_create(check_ins, batch_size=1000)
    bump(owner.pk)  # bulk_create sends no signals: as an import does after its inserts
    return owner


def count_queries(client, url):
    """How many queries one GET of `url` costs; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- a real server in other processes, for tests that need real concurrency -----


@pytest.fixture
def live_app(tmp_path):
    """A real Unknot served by gunicorn on a database of its own, on the suite's kind of
    database: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    from tests.security.live_app import LiveApp

    if connection.vendor == "sqlite":
        app = LiveApp(tmp_path, f"sqlite:///{tmp_path / 'unknot.sqlite3'}")
        yield app
        app.stop()
        return

    import psycopg

    config = connection.settings_dict
    name = f"unknot_live_{uuid.uuid4().hex[:8]}"
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    app = LiveApp(tmp_path, f"postgres://{auth}@{server['host']}:{server['port']}/{name}")
    try:
        yield app
    finally:
        app.stop()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
