"""A statement's custody record: received, published, edited, retracted.

Read from its receipts (``models.Receipt``: which file, which importer) and
its history (``curation.history``: every edit, the stored version before the
first one). The statement page and the JSON API show the same record::

    custody = custody_record(statement)
    custody.received[0].file_name, custody.published_at, custody.edits[-1].fields

Always three or four queries (receipts, history rows, the history of the
tags, places and actors), whatever the archive's size.
"""

import datetime
from dataclasses import dataclass
from itertools import pairwise

from ..models import RELATIONS, Receipt, Statement

Status = Statement.Status
# Fields a save fills by itself: not edits anyone made.
NOT_EDITS = {
    "id",
    "normalized_hash",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
}
# The change reason of a re-import's history row (``ingest.store``).
REIMPORT = "re-import"


@dataclass(frozen=True)
class Received:
    """One arrival of the statement's original (a ``Receipt``)."""

    at: datetime.datetime
    via: str
    file_name: str
    file_sha256: str
    format: str
    line: int | None
    importer_version: str
    sha256: str

    @property
    def via_label(self) -> str:
        return Receipt.Via(self.via).label


@dataclass(frozen=True)
class Edit:
    """A recorded change: when, which fields, and whether an import made it."""

    at: datetime.datetime
    fields: tuple[str, ...]
    by_import: bool

    @property
    def labels(self) -> list[str]:
        return [field_label(name) for name in self.fields]


@dataclass(frozen=True)
class Custody:
    received: tuple[Received, ...]
    published_at: datetime.datetime | None
    edits: tuple[Edit, ...]
    retracted_at: datetime.datetime | None


def field_label(name: str) -> str:
    return str(Statement._meta.get_field(name).verbose_name)


def custody_record(statement: Statement) -> Custody:
    received = tuple(
        Received(
            r.received_at,
            r.via,
            r.file_name,
            r.file_sha256,
            r.format,
            r.line,
            r.importer_version,
            r.sha256,
        )
        for r in sorted(
            statement.receipts.order_by(), key=lambda r: (r.received_at, r.pk)
        )
    )
    rows = history_rows(statement)
    arrived = received[0].at if received else statement.created_at
    return Custody(
        received=received,
        published_at=became(rows, Status.PUBLISHED, statement, arrived),
        edits=tuple(edit for edit in map(edit_between, rows, rows[1:]) if edit.fields),
        retracted_at=(
            became(rows, Status.RETRACTED, statement, arrived, last=True)
            if statement.status == Status.RETRACTED
            else None
        ),
    )


def history_rows(statement: Statement) -> list:
    """The statement's history, oldest first, with its relations' history.

    Sorted here, not by the database: SQLite would sort them in a temporary
    B-tree, which reads like a scan of a range of statements in the page
    cost test (``tests/test_page_costs.py``)."""
    rows = (
        Statement.history.filter(id=statement.pk)
        .order_by()
        .prefetch_related(*(f"historicalstatement_{name}_set" for name in RELATIONS))
    )
    return sorted(rows, key=lambda row: (row.history_date, row.history_id))


def became(rows, status, statement, arrived, last=False) -> datetime.datetime | None:
    """When the statement first (``last``: last) came to ``status``: the time
    of the history row that gave it; the arrival's when it came so (its first
    row, or no history at all: never changed since received)."""
    if not rows:
        return arrived if statement.status == status else None
    times = [
        arrived if before is None else row.history_date
        for before, row in pairwise([None, *rows])
        if row.status == status and (before is None or before.status != status)
    ]
    if not times:
        return None
    return times[-1] if last else times[0]


def edit_between(before, after) -> Edit:
    fields = [
        field.name
        for field in Statement._meta.concrete_fields
        if field.name not in NOT_EDITS
        and getattr(before, field.attname) != getattr(after, field.attname)
    ]
    fields += [
        name for name in RELATIONS if linked(before, name) != linked(after, name)
    ]
    return Edit(
        after.history_date, tuple(fields), after.history_change_reason == REIMPORT
    )


def linked(row, name: str) -> set[int]:
    column = f"{name[:-1]}_id"
    return {
        getattr(link, column)
        for link in getattr(row, f"historicalstatement_{name}_set").all()
    }
