"""``manage.py restore PATH``: a backup (``manage.py backup``) into an empty deployment.

Migrates the database, refuses one that holds statements or users, checks
the whole file, loads it and rebuilds the search index; see
``statements.backup.restore``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.backup import BackupError, RestoreRefused, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `manage.py backup` into an empty deployment."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the backup file (.tar.gz)")

    def handle(self, *args, path: Path, **options):
        try:
            restored = restore_backup(path)
        except (BackupError, RestoreRefused) as exc:
            raise CommandError(str(exc)) from exc
        counts = restored.manifest["counts"]
        self.stdout.write(
            f"Restored {counts['statements.statement']} statements "
            f"({sum(counts.values())} rows) from a backup of "
            f"{restored.manifest['created']}; "
            f"the index holds {restored.documents} documents."
        )
        self.stdout.write(self.style.SUCCESS("Restored."))
