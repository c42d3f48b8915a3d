"""``manage.py import_statements PATH [PATH …]``: import statement files and folders."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.ingest import FileResult, import_paths
from statements.models import Statement


class Command(BaseCommand):
    help = (
        "Import statements from .txt (with optional NAME.meta.json), .jsonl, .json "
        "and .csv files, plain or .gz; folders are searched recursively. "
        "Each file is one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--status",
            choices=Statement.Status.values,
            default=Statement.Status.PUBLISHED,
            help="status of records that do not give their own (default: published)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change, change nothing",
        )

    def handle(self, *args, **options):
        interactive = sys.stdout.isatty() and options["verbosity"] >= 1

        def report(result: FileResult) -> None:
            if interactive:
                self.stdout.write(
                    f"{result.path}: {len(result.created)} created, "
                    f"{len(result.updated)} updated, "
                    f"{result.unchanged} unchanged, {len(result.errors)} failed"
                )

        summary = import_paths(
            options["paths"],
            default_status=options["status"],
            dry_run=options["dry_run"],
            progress=report,
        )
        for error in summary.errors:
            self.stderr.write(str(error))
        prefix = "Dry run, nothing saved: would have " if options["dry_run"] else ""
        line = (
            f"{prefix}{summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.failed} failed"
        )
        if summary.failed:
            raise CommandError(line)
        self.stdout.write(self.style.SUCCESS(line))
