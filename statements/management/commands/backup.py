"""``manage.py backup PATH``: a consistent backup of the running archive in one file.

The database (every row, database-neutral), the stored originals and the
uploads, with a manifest; see ``statements.backup`` and docs/deploy.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a backup of the archive (database, originals, uploads) "
        "to PATH (.tar.gz)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, help="the file to write, e.g. archive.tar.gz"
        )

    def handle(self, *args, path: Path, **options):
        if path.exists():
            raise CommandError(f"{path} exists: give the new backup another name")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder: create it first")
        try:
            manifest = write_backup(path)
        except (BackupError, OSError) as exc:
            raise CommandError(f"The backup was not written: {exc}") from exc
        counts = manifest["counts"]
        self.stdout.write(
            f"{counts['statements.statement']} statements, "
            f"{sum(counts.values())} rows, "
            f"{manifest['files']['originals']} originals"
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
