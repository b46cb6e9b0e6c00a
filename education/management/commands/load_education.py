from django.core.management.base import BaseCommand, CommandError

from education.content import CONTENT_DIR, ContentError, load_shipped_pages


class Command(BaseCommand):
    help = (
        "Load the guide pages shipped in education/content/. Creates missing pages and "
        "updates shipped pages nobody edited; never changes a page the host edited or added."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=str(CONTENT_DIR), help="Where the Markdown files are."
        )

    def handle(self, *args, **options):
        try:
            result = load_shipped_pages(options["directory"])
        except ContentError as error:
            raise CommandError(str(error)) from error
        counts = result.counts()
        self.stdout.write(
            "Guide pages: {created} created, {updated} updated, "
            "{kept} kept because they were edited here, {unchanged} unchanged, "
            "{hidden} hidden because Unknot no longer ships them.".format(**counts)
        )
        if result.kept and options["verbosity"] > 1:
            self.stdout.write("Kept as edited: " + ", ".join(result.kept))
        if result.hidden:
            self.stdout.write(
                "Hidden, and now yours to keep or delete in the admin: " + ", ".join(result.hidden)
            )
