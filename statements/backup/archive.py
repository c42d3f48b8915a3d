"""The backup file: one tar.gz holding a manifest, the stored files and the rows.

    manifest.json          what it holds: counts by model, SHA-256s, versions
    originals/ab/cd/<sha>  the statements' original bytes (storage "originals")
    uploads/…              the default storage's files, when MEDIA_ROOT is set
    data.jsonl             every row (``snapshot.write_rows``), last

The rows are read first, and the stored files listed after: every original
a backed-up statement names was stored before its statement committed
(``ingest.originals``), so it is in the listing. A file is written under a
temporary name and renamed when complete: a backup cut short by a full disk
never looks like a whole one.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.db import connections

from .snapshot import applied_migrations, consistent_snapshot, write_rows

FORMAT = "conflict-statements-archive backup"
FORMAT_VERSION = 1
MANIFEST, DATA = "manifest.json", "data.jsonl"
ORIGINALS, UPLOADS = "originals", "uploads"
COPY_CHUNK = 1 << 20


class BackupError(Exception):
    """The backup cannot be written or read; the message says what to do."""


def stored_storages() -> dict[str, Storage]:
    """The storages whose files a backup holds, by folder in the backup."""
    held = {ORIGINALS: storages["originals"]}
    if settings.MEDIA_ROOT:
        # Without MEDIA_ROOT the default storage is the working directory.
        held[UPLOADS] = default_storage
    return held


def stored_files(storage: Storage, folder: str = "") -> list[str]:
    """Every file of a storage, through the storage API (a folder or S3 alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in sorted(files)]
    for sub in sorted(folders):
        names += stored_files(storage, f"{folder}{sub}/")
    return names


def file_sha256(path: Path) -> str:
    with open(path, "rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def write_backup(path: Path) -> dict:
    """Write a backup of the archive as it is now to ``path``; returns its manifest."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="archive-backup-") as folder:
        data = Path(folder) / DATA
        with consistent_snapshot() as alias, open(data, "w", encoding="utf-8") as out:
            counts = write_rows(alias, out)
            migrations = applied_migrations(alias)
            vendor = connections[alias].vendor
        files = {
            key: stored_files(storage) for key, storage in stored_storages().items()
        }
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "versions": {
                "archive": version("conflict-statements-archive"),
                "django": django.get_version(),
                "database": vendor,
            },
            "migrations": migrations,
            "counts": counts,
            "data": {"sha256": file_sha256(data), "bytes": data.stat().st_size},
            "files": {key: len(names) for key, names in files.items()},
        }
        partial = path.with_name(f".{path.name}.partial")
        with tarfile.open(partial, "w:gz") as tar:
            add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
            for key, names in files.items():
                add_stored(tar, key, stored_storages()[key], names)
            tar.add(data, DATA)
        os.replace(partial, path)
    return manifest


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size, member.mtime = len(data), int(datetime.now(UTC).timestamp())
    tar.addfile(member, io.BytesIO(data))


def add_stored(tar: tarfile.TarFile, key: str, storage: Storage, names: list[str]):
    for name in names:
        member = tarfile.TarInfo(f"{key}/{name}")
        member.size = storage.size(name)
        with storage.open(name, "rb") as stored:
            tar.addfile(member, stored)
