"""``manage.py load_gazetteer [PATH]``: load the places and actors of a gazetteer."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.ingest import load_gazetteer


class Command(BaseCommand):
    help = (
        "Load places and actors with their spellings from a gazetteer JSON file "
        "(default: statements/ingest/data/gazetteer.json). Only adds what is missing, "
        "so running it again is safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            metavar="PATH",
            help="gazetteer file (default: the one shipped with the archive)",
        )

    def handle(self, *args, **options):
        try:
            result = load_gazetteer(options["path"])
        except OSError as exc:
            raise CommandError(f"Cannot read {exc.filename}: {exc.strerror}") from exc
        except ValueError as exc:
            raise CommandError(
                f"{exc}. Nothing was loaded: fix the file and run again."
            ) from exc
        line = (
            f"{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
        self.stdout.write(self.style.SUCCESS(line))
