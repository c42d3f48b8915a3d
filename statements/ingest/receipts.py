"""Receipts of an import: which file, record and importer each statement came from.

An import makes one ``Arrival`` for each file (its name, its own SHA-256,
hashed once, its format, the importer's version), then, batch by batch,
``receive`` keeps the records' original bytes (``originals.keep_original``)
and writes a ``Receipt`` for each statement created or changed, and for each
statement the file matches unchanged that has no receipt of these bytes yet
(an archive older than receipts: a re-import of the same file attaches its
original). A statement typed in the admin gets its receipt and its original
(its body in UTF-8, what its SHA-256 is taken of) from
``entered_statement_saved``.
"""

import datetime
import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.utils import timezone

from ..models import CHUNK, Receipt, Statement
from .encodings import file_encoding
from .originals import Kept, keep_original
from .readers import statement_format
from .records import StatementRecord

DISTRIBUTION = "conflict-statements-archive"


def importer_version() -> str:
    """The importer is the archive's package: its name and version."""
    try:
        return f"{DISTRIBUTION} {metadata.version(DISTRIBUTION)}"
    except metadata.PackageNotFoundError:  # run from a checkout never installed
        return f"{DISTRIBUTION} (not installed)"


@dataclass(frozen=True)
class Arrival:
    """What every receipt of one file's records says of the file."""

    file_name: str
    file_sha256: str
    format: str
    # The encoding of the records' original bytes: a .txt file's own, else
    # UTF-8 (a record's original is its body in UTF-8).
    encoding: str
    via: str
    received_at: datetime.datetime
    importer_version: str

    def receipt(self, statement: Statement, record: StatementRecord) -> Receipt:
        return Receipt(
            statement=statement,
            sha256=record.sha256,
            received_at=self.received_at,
            via=self.via,
            file_name=self.file_name,
            file_sha256=self.file_sha256,
            format=self.format,
            encoding=self.encoding,
            line=record.line,
            title=record.title,
            importer_version=self.importer_version,
        )


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file as given (a .gz file's compressed bytes)."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def file_arrival(path: Path, via: str) -> Arrival:
    fmt = statement_format(path) or ""
    return Arrival(
        file_name=path.name,
        file_sha256=file_sha256(path),
        format=fmt,
        encoding=file_encoding(path) if fmt == ".txt" else "utf-8",
        via=via,
        received_at=timezone.now(),
        importer_version=importer_version(),
    )


# (statement, its record, whether the import created or changed it)
Received = tuple[Statement, StatementRecord, bool]


def receive(arrival: Arrival, received: list[Received]) -> None:
    """Keep the originals of a batch's statements and write their receipts."""
    for _statement, record, _changed in received:
        keep_original(record.original, record.sha256)
    known = receipted([(s.pk, r.sha256) for s, r, changed in received if not changed])
    Receipt.objects.bulk_create(
        [
            arrival.receipt(statement, record)
            for statement, record, changed in received
            if changed or (statement.pk, record.sha256) not in known
        ],
        batch_size=CHUNK,
    )


def receipted(pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (statement, sha256) pairs already have a receipt."""
    found: set[tuple[int, str]] = set()
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        rows = Receipt.objects.filter(
            statement_id__in={pk for pk, _ in chunk},
            sha256__in={sha for _, sha in chunk},
        ).values_list("statement_id", "sha256")
        found.update(rows)
    return found


def entered_statement_saved(sender, instance: Statement, created, raw=False, **kw):
    """post_save: a statement typed in the admin (or made by code other than
    the importer, which inserts in bulk) keeps its body's UTF-8 as its
    original, when that is what its SHA-256 was taken of."""
    if not created or raw:
        return
    if (
        keep_original(instance.body.encode("utf-8"), instance.sha256)
        is Kept.NOT_ORIGINAL
    ):
        return
    Receipt.objects.create(
        statement=instance,
        sha256=instance.sha256,
        received_at=instance.created_at,
        via=Receipt.Via.ADMIN,
        encoding="utf-8",
        title=instance.title,
        importer_version=importer_version(),
    )
