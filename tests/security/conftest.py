"""A real server in other processes, for the security tests that need real concurrency.

The personas and the diary's row builders are the suite's, in tests/conftest.py."""

import uuid

import pytest


@pytest.fixture
def live_app(tmp_path):
    """A real Unknot served by gunicorn on a database of its own, on the suite's kind of
    database: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    from django.db import connection

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
