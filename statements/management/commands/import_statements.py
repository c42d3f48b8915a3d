"""``manage.py import_statements PATH [PATH …]``: import statement files and folders."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.dumps import export_dumps
from statements.ingest import import_paths
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
        parser.add_argument(
            "--no-dumps",
            action="store_true",
            help="do not rewrite the public dumps of /data/ after the import",
        )

    def handle(self, *args, **options):
        bar = sys.stdout.isatty() and options["verbosity"] >= 1
        summary = import_paths(
            options["paths"],
            default_status=options["status"],
            dry_run=options["dry_run"],
            progress=self.progress_bar if bar else None,
        )
        for error in summary.errors:
            self.stderr.write(str(error))
        if options["verbosity"] >= 1:
            # Created all the same, linked to what they repeat: said, not silent.
            for duplicate in summary.duplicates:
                self.stdout.write(str(duplicate))
        if len(summary.files) > 1 and options["verbosity"] >= 2:
            for result in summary.files:
                self.stdout.write(
                    f"{result.path}: {len(result.created)} created, "
                    f"{len(result.updated)} updated, {result.unchanged} unchanged, "
                    f"{len(result.errors)} failed"
                )
        prefix = "Dry run, nothing saved: would have " if options["dry_run"] else ""
        line = (
            f"{prefix}{summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.failed} failed, "
            f"{len(summary.duplicates)} near-duplicates linked as republications"
        )
        if summary.created or summary.updated:
            self.refresh_dumps(options)
        if summary.failed:
            raise CommandError(line)
        self.stdout.write(self.style.SUCCESS(line))

    def refresh_dumps(self, options) -> None:
        """/data/ follows the archive: its dumps are written again after an
        import that changed anything (the records stored stay stored if this
        fails)."""
        if options["dry_run"] or options["no_dumps"]:
            return
        try:
            dump = export_dumps()
        except OSError as exc:
            self.stderr.write(f"The public dumps could not be written: {exc}")
            return
        if options["verbosity"] >= 1:
            self.stdout.write(f"Public dumps written: {dump.statements} statements")

    def progress_bar(self, path: Path):
        """A one-line bar for a terminal, redrawn in place."""

        def report(stage: str, done: int, total: int) -> None:
            # Records are stored as they are read: their number is not known
            # until the end (total 0); the index then counts down a known total.
            if total:
                filled = int(30 * done / total)
                shown = f"[{'#' * filled}{' ' * (30 - filled)}] {done}/{total}"
            else:
                shown = f"{done}"
            self.stdout.write(
                f"\r{path.name} {stage:>8} {shown}",
                ending="\n" if stage == "indexed" and done == total else "",
            )
            self.stdout.flush()

        return report
