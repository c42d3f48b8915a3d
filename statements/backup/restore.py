"""Restore a backup (``archive.py``) into an empty deployment, then rebuild the index.

    restored = restore_backup(Path("archive.tar.gz"))   # RestoreRefused, BackupError

In order, so that a bad file or a wrong target changes no row: the manifest
is read; the database is migrated (a new deployment has no tables yet) and
must hold no statement, user, receipt, history or change log entry; the
whole file is read, each stored file checked against its name (an original
is named by its SHA-256) and stored, the rows checked against the manifest's
SHA-256; then the rows replace whatever ``migrate`` wrote (the gazetteer,
the curators' groups), in one transaction whose counts must equal the
manifest's; finally the search index is rebuilt from the database.

Signals are muted while the rows load: the backup holds every derived row
(history, words, signatures, the change log), and a receiver writing its
own (an index task, a baseline in the history) would add to them.
"""

import json
import tarfile
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import signals

from ..indexing import rebuild_index
from ..ingest.originals import Kept, keep_original
from ..models import PublicChange, Receipt, Statement
from .archive import (
    DATA,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ORIGINALS,
    BackupError,
    file_sha256,
    stored_storages,
)
from .snapshot import applied_migrations, saved_models

DAMAGED = (tarfile.TarError, EOFError, zlib.error, UnicodeDecodeError, ValueError)
MUTED = (
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
    signals.m2m_changed,
)


class RestoreRefused(Exception):
    """The target deployment is not empty; the message says what it holds."""


@dataclass(frozen=True)
class Restored:
    manifest: dict
    documents: int


def restore_backup(path: Path) -> Restored:
    path = Path(path)
    manifest = read_manifest(path)
    call_command("migrate", interactive=False, verbosity=0)
    refuse_unless_empty()
    with tempfile.TemporaryDirectory(prefix="archive-restore-") as folder:
        data = unpack(path, Path(folder), manifest)
        check_migrations(manifest)
        load_rows(data, manifest)
    return Restored(manifest, rebuild_index())


@contextmanager
def opened(path: Path) -> Iterator[tarfile.TarFile]:
    """The backup file, read as a stream; a damaged file is a BackupError."""
    if not path.is_file():
        raise BackupError(f"{path}: there is no such file")
    try:
        with tarfile.open(path, "r:gz") as tar:
            yield tar
    except DAMAGED as exc:
        raise BackupError(
            f"{path} is damaged or cut short ({exc}): nothing was restored; "
            "use another backup (check its copy: its size, the disk it was on)"
        ) from exc


def read_manifest(path: Path) -> dict:
    with opened(path) as tar:
        return manifest_of(tar, path)


def manifest_of(tar: tarfile.TarFile, path: Path) -> dict:
    first = tar.next()
    if first is None or first.name != MANIFEST:
        raise BackupError(f"{path} is not a backup of this archive (no {MANIFEST})")
    manifest = json.loads(tar.extractfile(first).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup of this archive")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('format_version')}; this "
            f"version of the archive reads format {FORMAT_VERSION}"
        )
    return manifest


def refuse_unless_empty() -> None:
    held = {
        "statements": Statement,
        "users": get_user_model(),
        "receipts": Receipt,
        "history records": Statement.history.model,
        "change log entries": PublicChange,
    }
    found = [
        f"{n} {what}" for what, model in held.items() if (n := model.objects.count())
    ]
    if found:
        raise RestoreRefused(
            f"This deployment is not empty: its database holds {', '.join(found)}. "
            "Restore into an empty one: a new ARCHIVE_DATA_DIR, or a new, empty "
            "database (DATABASE_URL). Nothing was changed."
        )


def unpack(path: Path, folder: Path, expected: dict) -> Path:
    """Store the backup's files and extract its rows into ``folder``, checking both."""
    stored: Counter = Counter()
    data = None
    with opened(path) as tar:
        manifest_of(tar, path)
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name == DATA:
                tar.extract(member, folder, filter="data")
                data = folder / DATA
            elif member.isfile():
                key, name = split_member(member.name, path)
                store_file(key, name, tar.extractfile(member).read(), path)
                stored[key] += 1
    if data is None or file_sha256(data) != expected["data"]["sha256"]:
        raise BackupError(
            f"{path}: its rows are missing or damaged; nothing was restored"
        )
    if dict(stored) != {k: n for k, n in expected["files"].items() if n}:
        raise BackupError(
            f"{path} holds {dict(stored)} files, its manifest says {expected['files']}"
        )
    return data


def split_member(name: str, path: Path) -> tuple[str, str]:
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or ".." in parts or parts[0] not in stored_storages():
        raise BackupError(f"{path}: unexpected member {name!r}; nothing was restored")
    return parts[0], "/".join(parts[1:])


def store_file(key: str, name: str, data: bytes, path: Path) -> None:
    if key == ORIGINALS:
        sha256 = PurePosixPath(name).name
        if keep_original(data, sha256) is Kept.NOT_ORIGINAL:
            raise BackupError(
                f"{path}: the original {name} is damaged (another SHA-256)"
            )
        return
    storage = stored_storages()[key]
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(data))


def check_migrations(manifest: dict) -> None:
    here = applied_migrations(DEFAULT_DB_ALIAS)
    there = manifest["migrations"]
    differ = sorted(
        app for app in set(here) | set(there) if here.get(app) != there.get(app)
    )
    if differ:
        raise BackupError(
            "The backup's database schema differs from this code's in "
            f"{', '.join(differ)}: restore it with the version that wrote it "
            f"({manifest['versions']['archive']}), then upgrade (docs/deploy.md). "
            "Nothing was restored."
        )


def load_rows(data: Path, manifest: dict) -> None:
    """Replace every saved model's rows by the backup's, in one transaction."""
    with muted(MUTED), transaction.atomic():
        for model in reversed(saved_models()):
            model._base_manager.all().delete()
        call_command("loaddata", str(data), verbosity=0)
        for label, count in manifest["counts"].items():
            loaded = apps.get_model(label)._base_manager.count()
            if loaded != count:
                raise BackupError(
                    f"{label}: {loaded} rows loaded, the manifest says {count}; "
                    "nothing was restored"
                )


@contextmanager
def muted(muted_signals) -> Iterator[None]:
    """No receiver of these signals runs within the block (this process only)."""
    saved = [(signal, signal.receivers) for signal in muted_signals]
    for signal in muted_signals:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
