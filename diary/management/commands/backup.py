"""Copy the SQLite database to a file while the app keeps running.

SQLite's online backup copies the database page by page under a read lock, so the
copy is consistent (every entry whole, none half-written) even while patients log.
For PostgreSQL, `pg_dump` does the same; this command says how.
"""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

POSTGRES_HELP = """\
This server uses PostgreSQL. Back it up with PostgreSQL's own tool, for example:

    pg_dump --format=custom --file=unknot-$(date +%Y%m%d-%H%M%S).dump "$DATABASE_URL"

and restore into an empty database with:

    pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" unknot-YYYYmmdd-HHMMSS.dump

See "Backups" in README.md."""


def default_backup_path(now=None):
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"unknot-{stamp}.sqlite3"


def backup_sqlite(connection, destination):
    """Copy the live database behind `connection` into a new file at `destination`."""
    import sqlite3

    connection.ensure_connection()
    source = connection.connection
    partial = destination.with_name(destination.name + ".part")
    target = sqlite3.connect(partial)
    try:
        # pages=-1: all pages in one step, under one read lock: a consistent copy.
        source.backup(target, pages=-1)
        (integrity,) = target.execute("PRAGMA integrity_check").fetchone()
        if integrity != "ok":
            raise CommandError(f"The copy failed its integrity check: {integrity}")
    finally:
        target.close()
    # Only a finished copy gets the real name, so a backup file is never half-written.
    partial.replace(destination)


class Command(BaseCommand):
    help = "Write a consistent copy of the database while the app is running (SQLite)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Where to write the copy. Default: data/backups/unknot-YYYYmmdd-HHMMSS.sqlite3",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor == "postgresql":
            raise CommandError(POSTGRES_HELP)
        if connection.vendor != "sqlite":
            raise CommandError(f"Backups of a {connection.vendor} database are not supported.")

        destination = Path(options["output"]) if options["output"] else default_backup_path()
        if destination.exists():
            raise CommandError(f"{destination} already exists; choose another --output.")
        destination.parent.mkdir(parents=True, exist_ok=True)
        backup_sqlite(connection, destination)
        self.stdout.write(str(destination))
