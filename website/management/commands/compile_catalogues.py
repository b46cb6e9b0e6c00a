"""Compile every translation catalogue (locale/<language>/LC_MESSAGES/*.po) to the .mo
file Django reads, in pure Python (polib): no GNU gettext needed. `make messages` runs it;
the .mo files are shipped, so a new server needs nothing but Python."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues():
    for locale_dir in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        for po_path in catalogues():
            po = polib.pofile(str(po_path))
            compile_catalogue(po_path)
            self.stdout.write(
                f"{po_path.relative_to(settings.BASE_DIR)}: {len(po.translated_entries())} "
                f"translated, {len(po.untranslated_entries())} untranslated, "
                f"{len(po.fuzzy_entries())} fuzzy"
            )
