"""``manage.py rebuild_index``: recreate the search index from the database.

Replaces haystack's command of the same name (``statements`` comes before
``haystack`` in INSTALLED_APPS) with one that writes the index in one batch.
"""

from django.core.management.base import BaseCommand, CommandError

from statements.indexing import rebuild_index


class Command(BaseCommand):
    help = "Delete the search index and index every published statement again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input(
                "This deletes the search index and rebuilds it. Go on? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was changed.")
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} published statements."))
