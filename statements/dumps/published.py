"""The public dumps served at /data/: written whole, then swapped in at once.

    dump = export_dumps()          # settings.DATA_DIR / "dumps" / "current"
    dump = current_dump()          # what /data/ lists; None before the first

The folder holds the public statements as ``statements.jsonl.gz`` and
``statements.csv.gz``, their vocabulary ``statements.gazetteer.json``,
``datapackage.json``, ``LICENSE.txt`` (the template
``statements/dumps/LICENSE.txt``) and ``SHA256SUMS`` (``sha256sum -c``).
It is written in a new folder, then the symbolic link ``current`` is
replaced by one to it (a rename: atomic), so a reader sees the old dump or
the new one, never half of one; the folder it replaced is removed.

One writer at a time, under an exclusive lock on ``write.lock`` in the dumps
folder (``ARCHIVE_DUMPS_DIR``, by default ``DATA_DIR/dumps``): the lock lives
with what it guards, so it keeps to one writer the processes of a node, and
the nodes of a deployment whose dumps folder they share. ``export_dumps``
waits for it (``export_dumps``, ``import_statements`` are asked to write);
the dumps follower (``follower.py``) does not, and leaves it to the holder.
"""

import datetime
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .datapackage import descriptor
from .files import (
    CsvWriter,
    JsonlWriter,
    open_output,
    write_gazetteer,
    write_statements,
)
from .selection import selected

CURRENT = "current"
LOCK = "write.lock"
SUMS = "SHA256SUMS"
# The files of a dump in the order /data/ lists them.
FILES = (
    "statements.jsonl.gz",
    "statements.csv.gz",
    "statements.gazetteer.json",
    "datapackage.json",
    "LICENSE.txt",
    SUMS,
)


# What a writer stopped half-way leaves: its folder (mkdtemp's name, see
# write_dumps) or the link it had not yet renamed to ``current``.
LEFTOVER = re.compile(r"\d{8}T\d{6}-\w+|\.\d{8}T\d{6}-\w+\.link")


def dumps_root() -> Path:
    """``ARCHIVE_DUMPS_DIR``, or the node's ``DATA_DIR/dumps``."""
    folder = getattr(settings, "ARCHIVE_DUMPS_DIR", "")
    return Path(folder) if folder else Path(settings.DATA_DIR) / "dumps"


@dataclass(frozen=True)
class DumpFile:
    name: str
    size: int
    sha256: str  # empty for SHA256SUMS itself
    path: Path


@dataclass(frozen=True)
class Dump:
    folder: Path
    created: datetime.datetime
    statements: int
    files: list[DumpFile]

    def file(self, name: str) -> DumpFile | None:
        return next((f for f in self.files if f.name == name), None)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_folder(folder: Path, created: datetime.datetime) -> None:
    """Every file of a dump into ``folder``, SHA256SUMS last."""
    with (
        open_output(folder / "statements.jsonl.gz") as jsonl,
        open_output(folder / "statements.csv.gz", "utf-8-sig") as csv,
    ):
        # One pass over the database feeds both files.
        count = write_statements(selected(), [JsonlWriter(jsonl), CsvWriter(csv)])
    write_gazetteer(folder / "statements.gazetteer.json")
    context = {
        "created": created,
        "statements": count,
        "licenses": settings.ARCHIVE_DUMP_LICENSES,
        "site_url": settings.ARCHIVE_SITE_URL,
    }
    (folder / "LICENSE.txt").write_text(
        render_to_string("statements/dumps/LICENSE.txt", context), encoding="utf-8"
    )
    facts = {name: facts_of(folder / name) for name in FILES[:3]}
    package = descriptor(facts, created.isoformat()) | {"statements": count}
    (folder / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    sums = "".join(
        f"{sha256_of(folder / name)}  {name}\n" for name in FILES if name != SUMS
    )
    (folder / SUMS).write_text(sums, encoding="utf-8")


def facts_of(path: Path) -> tuple[int, str]:
    return path.stat().st_size, sha256_of(path)


@contextmanager
def writer_lock(blocking: bool) -> Iterator[bool]:
    """Hold the dumps' writer lock; yields False, at once, when ``blocking`` is
    False and another process holds it.

    flock(): released by the system when its holder dies, whatever killed it.
    On a folder shared over NFS, Linux takes it as a lock of the file's server.
    """
    root = dumps_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def export_dumps() -> Dump:
    """Write the public dumps anew and make them the ones /data/ serves,
    waiting while another process writes them."""
    with writer_lock(blocking=True):
        return write_dumps()


def write_dumps() -> Dump:
    """``export_dumps`` for a caller that holds the writer lock."""
    root = dumps_root()
    root.mkdir(parents=True, exist_ok=True)
    # The time the dump is read from, to the microsecond: the changes newer
    # than it (follower.newer_changes) are compared with it.
    created = timezone.now()
    folder = Path(tempfile.mkdtemp(prefix=created.strftime("%Y%m%dT%H%M%S-"), dir=root))
    try:
        write_folder(folder, created)
        folder.chmod(0o755)  # mkdtemp makes it private; the web server reads it
        swap_in(root, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return current_dump()


def swap_in(root: Path, folder: Path) -> None:
    """Point ``root/current`` at ``folder`` in one rename; remove the old dump,
    and what writers stopped half-way left (none is writing: we hold the lock)."""
    link = root / CURRENT
    new_link = root / f".{folder.name}.link"
    new_link.symlink_to(folder.name)
    os.replace(new_link, link)
    for entry in root.iterdir():
        if entry.name != folder.name and LEFTOVER.fullmatch(entry.name):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def current_dump() -> Dump | None:
    """The dump /data/ serves, or None when none has been written yet."""
    # Resolved once: the files listed are those of one dump, even if a new
    # one is swapped in meanwhile.
    folder = (dumps_root() / CURRENT).resolve()
    try:
        sums = (folder / SUMS).read_text(encoding="utf-8")
        package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    lines = (line.split("  ", 1) for line in sums.splitlines() if line)
    hashes = {name: digest for digest, name in lines}
    files = [
        DumpFile(name, path.stat().st_size, hashes.get(name, ""), path)
        for name in FILES
        if (path := folder / name).exists()
    ]
    created = datetime.datetime.fromisoformat(package["created"])
    return Dump(folder, created, package.get("statements", 0), files)
