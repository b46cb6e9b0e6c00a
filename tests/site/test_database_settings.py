"""Database settings that depend on which database DATABASE_URL names."""

import json

from tests.helpers import manage

SHOW = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'], default=str))"
)


def database_settings(url):
    result = manage("shell", "-v", "0", "-c", SHOW, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_reads_small_lists_without_server_side_cursors():
    # QuerySet.iterator() (form choice lists) would otherwise open a cursor WITH HOLD,
    # which costs round trips and breaks behind PgBouncer's transaction pooling.
    database = database_settings("postgres://unknot:secret@db.internal:5432/unknot")

    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_sqlite_is_left_as_it_was(tmp_path):
    database = database_settings(f"sqlite:///{tmp_path / 'test.sqlite3'}")

    assert not database.get("DISABLE_SERVER_SIDE_CURSORS", False)
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
