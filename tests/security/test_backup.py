"""`manage.py backup` copies the SQLite database while the app runs, consistently; the
copy restores to a working diary with every entry. On PostgreSQL it explains pg_dump."""

import re
import shutil
import sqlite3
import threading
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.security.live_app import Phone

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own backup")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def tokens_in(path, table):
    with sqlite3.connect(path) as copy:
        # SQLite keeps a UUID as 32 hex digits; the phones sent it with dashes.
        return {str(uuid.UUID(row[0])) for row in copy.execute(f"SELECT client_token FROM {table}")}


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_it_writes_a_dated_copy_under_data_backups(settings, tmp_path, patient, make_spasm, capsys):
    settings.DATA_DIR = tmp_path
    spasms = [make_spasm(patient, intensity=n) for n in range(5)]

    call_command("backup")

    path = capsys.readouterr().out.strip()
    assert re.fullmatch(re.escape(str(tmp_path)) + r"/backups/unknot-\d{8}-\d{6}\.sqlite3", path)
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in copy.execute("SELECT id FROM diary_spasm")}
    assert stored == {spasm.pk for spasm in spasms}


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_it_never_overwrites_a_file(tmp_path, patient):
    existing = tmp_path / "keep.sqlite3"
    existing.write_text("precious")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(existing))

    assert existing.read_text() == "precious"


@on_postgresql
@pytest.mark.django_db
def test_on_postgresql_it_explains_pg_dump_and_restore():
    with pytest.raises(CommandError) as refusal:
        call_command("backup")

    assert "pg_dump" in str(refusal.value)
    assert "pg_restore" in str(refusal.value)


@on_sqlite
def test_a_backup_taken_while_patients_log_restores_every_entry(live_app, tmp_path):
    live_app.prepare(["ana", "ben"])
    live_app.start(workers=2, threads=2)
    phones = [Phone(live_app, name) for name in ("ana", "ben", "ana")]
    for phone in phones:
        phone.log_in()
    sent, statuses = [], []
    keep_going = threading.Event()
    keep_going.set()

    def log_entries(phone):
        for _ in range(200):  # bounded; stops early when told to
            if not keep_going.is_set():
                return
            status, token = phone.quick_spasm()
            statuses.append(status)
            sent.append(token)

    writers = [threading.Thread(target=log_entries, args=(phone,)) for phone in phones]
    for writer in writers:
        writer.start()
    while len(sent) < 10:
        threading.Event().wait(0.05)

    during = tmp_path / "during.sqlite3"
    live_app.manage("backup", "--output", str(during))  # while the phones keep logging

    keep_going.clear()
    for writer in writers:
        writer.join(timeout=120)
    assert set(statuses) == {302}
    with sqlite3.connect(during) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    in_the_copy = tokens_in(during, "diary_spasm")
    assert in_the_copy, "the copy has the entries made before it"
    assert in_the_copy <= set(sent), "the copy has only whole, real entries"

    # After the last entry: back up, stop, restore the copy over the database, start.
    final = tmp_path / "final.sqlite3"
    live_app.manage("backup", "--output", str(final))
    live_app.stop()
    database = tmp_path / "unknot.sqlite3"
    for leftover in (tmp_path / "unknot.sqlite3-wal", tmp_path / "unknot.sqlite3-shm"):
        leftover.unlink(missing_ok=True)
    database.unlink()
    shutil.copyfile(final, database)
    live_app.start(workers=1, threads=1)

    restored = live_app.entries()["spasms"]
    assert sorted(token for _name, token in restored) == sorted(sent)
    assert Phone(live_app, "ana").log_in() is None  # the accounts came back too
