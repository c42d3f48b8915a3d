"""Backups of a running archive, and their restore into an empty deployment.

    from statements.backup import restore_backup, write_backup
    manifest = write_backup(Path("archive-2026-01-01.tar.gz"))
    restored = restore_backup(Path("archive-2026-01-01.tar.gz"))

``snapshot`` reads the whole database consistently while the site runs and
writes it as Django's JSON Lines (database-neutral); ``archive`` writes and
reads the backup file (a tar.gz: manifest, stored originals, uploads, data);
``restore`` loads it into an empty database and rebuilds the search index.
``manage.py backup`` and ``manage.py restore`` call them.
"""

from .archive import BackupError, write_backup
from .restore import RestoreRefused, restore_backup

__all__ = ["BackupError", "RestoreRefused", "restore_backup", "write_backup"]
