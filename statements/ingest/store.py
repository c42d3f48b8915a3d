"""Storing imported records: one transaction per file, idempotent, memory bounded.

Used by ``manage.py import_statements`` and the admin's upload::

    summary = import_paths([Path("seeds")], default_status="published")
    print(summary.created, summary.failed)

A record is matched to the archive by its ``external_id``, else by the SHA-256
of its original bytes: matched and equal, it is unchanged; matched and
different in a field the record gives, it is updated; unmatched, it is created.
A new statement whose text nearly matches one already archived (or one earlier
in the file) is created all the same, linked to it as a republication, and
reported in ``FileResult.duplicates``. Each statement's original bytes are
kept, with a receipt naming the file (``receipts``, ``originals``).

A file is read, checked and stored ``BATCH`` records at a time, all in its one
transaction: what an import holds in memory does not grow with the file (a
31,523-record file held 0.9 GB, and the index writers forked from it twice
that). The statements of earlier batches are then in the database, so a
record is matched, and its near-duplicates found, there; what this file
created is remembered by key and line only.

Two writers may meet on the same statements: on PostgreSQL two imports (or an
import and a curator's deletion) can lock rows in opposite orders, and two
imports can both create a statement for the same new ``external_id``. The
database ends one of them (a deadlock, or a unique key taken meanwhile); the
file's transaction was rolled back whole, so the file is imported again, up
to ``CONFLICT_RETRIES`` times after a short random pause: the second time its
statements exist and are matched. (SQLite has one writer at a time.)
"""

import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from django.db import DatabaseError, OperationalError, transaction

from ..curation.duplicates import DuplicateFinder, Match, store_signatures, text_keys
from ..curation.history import history_paused, save_with_history
from ..curation.words import store_words
from ..indexing.outbox import drain_after, gathered_tasks
from ..indexing.writer import no_progress
from ..models import (
    CHUNK,
    RELATIONS,
    Receipt,
    Statement,
)
from .names import Names
from .readers import RecordError, UnreadableFile, find_files, read_file
from .receipts import Arrival, Received, file_arrival, receive
from .records import StatementRecord, clean_record
from .results import FileResult, ImportStopped, ImportSummary, NearDuplicate

logger = logging.getLogger(__name__)

# What writing to a full disk raises: SQLite's "database or disk is full" and
# "disk I/O error", the originals' or the index's files' ENOSPC or EFBIG.
WRITE_ERRORS = (OSError, OperationalError)
# Records read, checked and stored at a time (see the module docstring).
BATCH = 2000
# Another writer met on the same rows (see the module docstring): PostgreSQL's
# deadlock_detected, serialization_failure and unique_violation.
CONFLICTS = {"40P01", "40001", "23505"}
CONFLICT_RETRIES = 3
# How far an import is: (stage, records done, records in all).
Progress = Callable[[str, int, int], None]
SCALARS = (
    "title",
    "body",
    "sha256",
    "language",
    "date_issued",
    "date_precision",
    "external_id",
    "source",
    "source_url",
    "archived_url",
    "author",
    "editorial_note",
    "status",
    "retraction_reason",
)
# What a record field sets on the statement, for fields that differ in name.
GIVEN_AS = {
    "date": ("date_issued", "date_precision"),
    "type": ("type_id",),
    "issuer": ("issuer_id",),
}


def field_values(record: StatementRecord, names: Names) -> dict:
    values = {name: getattr(record, name) for name in SCALARS}
    values["normalized_hash"] = record.normalized_hash
    values["type_id"] = names.type_id(record.type)
    values["issuer_id"] = names.actor_id(record.issuer) if record.issuer else None
    return values


def given_fields(given: set[str]) -> set[str]:
    """The model fields that a record's own fields set (what an update may change)."""
    out = {"title", "body", "sha256", "normalized_hash"}
    for name in given:
        out.update(GIVEN_AS.get(name, (name,)))
    return out


def find_existing(records: list[StatementRecord]) -> dict[str, Statement]:
    """Statements already archived for these records, by external_id or sha256."""
    found: dict[str, Statement] = {}
    ids = [r.external_id for r in records if r.external_id]
    hashes = [r.sha256 for r in records if not r.external_id]
    for key, values in (("external_id", ids), ("sha256", hashes)):
        for start in range(0, len(values), CHUNK):
            query = {f"{key}__in": values[start : start + CHUNK]}
            matched = Statement.objects.filter(**query).prefetch_related(*RELATIONS)
            for statement in matched:
                found.setdefault(getattr(statement, key), statement)
    return found


def current_relations(statement: Statement) -> dict[str, set[int]]:
    return {name: {o.pk for o in getattr(statement, name).all()} for name in RELATIONS}


def update_statement(statement, values, relations, given, user) -> bool:
    """Apply what the record gives; True when anything changed."""
    fields = given_fields(given)
    changed = {
        k: v for k, v in values.items() if k in fields and getattr(statement, k) != v
    }
    relations = {k: v for k, v in relations.items() if k in given}
    changed_relations = {
        k: v for k, v in relations.items() if current_relations(statement)[k] != v
    }
    if not changed and not changed_relations:
        return False
    for name, value in changed.items():
        setattr(statement, name, value)
    statement.updated_by = user
    # Relations first, then the save: one history row holds the whole change.
    # (A statement without history gets its baseline before the relations
    # change: ``curation.history.baseline_before_relations``.)
    with history_paused(statement):
        for name, pks in changed_relations.items():
            getattr(statement, name).set(pks)
    save_with_history(statement, user, "re-import")
    return True


def create_statements(
    pending: list[tuple[Statement, dict[str, set[int]]]],
) -> list[int]:
    """Insert new statements and their relations in bulk; returns their ids."""
    statements = Statement.objects.bulk_create(
        [s for s, _ in pending], batch_size=CHUNK
    )
    for name in RELATIONS:
        through = getattr(Statement, name).through
        column = f"{through._meta.get_field(name[:-1]).attname}"
        rows = [
            through(statement_id=s.pk, **{column: pk})
            for s, (_, relations) in zip(statements, pending, strict=True)
            for pk in relations[name]
        ]
        through.objects.bulk_create(rows, batch_size=CHUNK)
    return [s.pk for s in statements]


class FileState:
    """What an import remembers of its file from one batch to the next: the
    vocabulary it found or made, and the statements it created (by key and
    line, not the statements themselves)."""

    def __init__(self, result: FileResult, user, arrival: Arrival | None = None):
        self.result, self.user = result, user
        # What the receipts say of the file; None in a dry run, which keeps
        # no originals.
        self.arrival = arrival
        self.names = Names()
        # external_id or sha256 of each statement created from this file.
        self.created_keys: set[str] = set()
        # The line each statement created from this file came from.
        self.lines: dict[int, int] = {}


class NewStatements:
    """The statements a batch creates, checked for near-duplicates as they come:
    in the archive (earlier batches of the file included) and earlier in the
    batch."""

    def __init__(self, file: FileState, records: list[StatementRecord]):
        """``records``: those not in the archive, about to be created."""
        self.file = file
        self.pending: list[tuple[Statement, dict[str, set[int]]]] = []
        self.duplicates: list[NearDuplicate] = []
        self.keys: dict[int, list[int]] = {}
        self.stems: dict[int, str] = {}
        self.lines: dict[int, int] = {}
        self.record_keys = {id(r): text_keys(r.normalized_body) for r in records}
        self.finder = DuplicateFinder(
            key for keys in self.record_keys.values() for key in keys
        )

    def add(self, record: StatementRecord, values: dict, relations: dict) -> Statement:
        user = self.file.user
        new = Statement(**values, created_by=user, updated_by=user)
        keys = self.record_keys[id(record)]
        archived, earlier = self.file_lines(
            self.finder.archived(record.normalized_body, keys)
        )
        earlier += self.finder.earlier(record.normalized_body, keys)
        if archived or earlier:
            self.duplicates.append(
                NearDuplicate(
                    self.file.result.path, record.line, new, archived, earlier
                )
            )
        self.finder.remember(new, record.normalized_body, record.line, keys)
        self.keys[id(new)] = keys
        self.stems[id(new)] = record.stems
        self.lines[id(new)] = record.line
        self.pending.append((new, relations))
        return new

    def file_lines(self, matches: list[Match]) -> tuple[list, list]:
        """Matches in the archive, and (line, match) of those this file made."""
        lines = self.file.lines
        archived = [m for m in matches if m.statement.pk not in lines]
        earlier = [
            (lines[m.statement.pk], m) for m in matches if m.statement.pk in lines
        ]
        return archived, earlier

    def create(self) -> list[int]:
        """Insert them with their signatures, words and republication links (no
        history rows: ``curation.history`` records a statement's stored version
        before its first change)."""
        created = create_statements(self.pending)
        statements = [s for s, _ in self.pending]
        store_signatures(statements, self.keys)
        store_words(statements, self.stems)
        link_republications((d.statement, d.statements()) for d in self.duplicates)
        self.file.lines.update({s.pk: self.lines[id(s)] for s in statements})
        self.file.result.duplicates += self.duplicates
        return created


def link_republications(pairs) -> None:
    """Link each new statement with the statements it republishes, both ways."""
    through = Statement.republications.through
    rows = [
        through(from_statement_id=a, to_statement_id=b)
        for new, others in pairs
        for other in others
        for a, b in ((new.pk, other.pk), (other.pk, new.pk))
    ]
    through.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)


def store_records(
    file: FileState, records: list[StatementRecord], progress: Progress = no_progress
) -> None:
    """Match, update and create one batch of a file's records (inside the
    file's transaction)."""
    result, user = file.result, file.user
    existing = find_existing(records)
    new = NewStatements(
        file, [r for r in records if (r.external_id or r.sha256) not in existing]
    )
    received: list[Received] = []
    for record in records:
        key = record.external_id or record.sha256
        values = field_values(record, file.names)
        relations = file.names.relations(record)
        statement = existing.get(key)
        if statement is None:
            existing[key] = new.add(record, values, relations)
            received.append((existing[key], record, True))
        elif statement.pk is None or key in file.created_keys:
            result.unchanged += 1  # the same text twice in one file, without ids
        elif update_statement(statement, values, relations, record.given, user):
            result.updated.append(statement.pk)
            received.append((statement, record, True))
        else:
            result.unchanged += 1
            received.append((statement, record, False))
    created = new.create()
    if file.arrival:
        receive(file.arrival, received)
    result.created += created
    file.created_keys.update(s.external_id or s.sha256 for s, _ in new.pending)
    done = len(result.created) + len(result.updated) + result.unchanged
    progress("stored", done, 0)


def valid_records(
    path: Path, result: FileResult, default_status: str
) -> Iterator[StatementRecord]:
    """The file's records that pass validation, in order; the others (and an
    external_id seen twice) go to ``result.errors``."""
    seen: dict[str, int] = {}
    for item in read_file(path):
        record = (
            item
            if isinstance(item, RecordError)
            else clean_record(item, default_status)
        )
        if isinstance(record, RecordError):
            result.errors.append(record)
        elif record.external_id in seen:
            result.errors.append(
                RecordError(
                    path,
                    item.line,
                    f"external_id {record.external_id!r} already appears at line "
                    f"{seen[record.external_id]} of this file",
                )
            )
        else:
            if record.external_id:
                seen[record.external_id] = item.line
            yield record


def read_records(
    path: Path, result: FileResult, default_status: str
) -> list[StatementRecord]:
    """All the file's valid records at once (the admin's upload preview)."""
    return list(valid_records(path, result, default_status))


def import_file(
    path: Path,
    default_status: str,
    dry_run: bool,
    user=None,
    progress: Progress = no_progress,
    via: str = Receipt.Via.COMMAND,
) -> FileResult:
    """Import one file in one transaction: bad records reported, the rest stored."""
    try:
        # The index tasks are written in the file's transaction (one per
        # statement, bulk_create sends no signal), and indexed by this process
        # once it commits.
        with drain_after(progress):
            for attempt in range(CONFLICT_RETRIES + 1):
                result = FileResult(path)
                try:
                    store_file(
                        path, result, default_status, dry_run, user, progress, via
                    )
                    break
                except (OSError, DatabaseError) as exc:
                    if conflict(exc) and attempt < CONFLICT_RETRIES:
                        logger.warning("%s met another writer (%s): again", path, exc)
                        time.sleep(random.uniform(0.05, 0.5) * (attempt + 1))
                        continue
                    if conflict(exc) or isinstance(exc, WRITE_ERRORS):
                        raise ImportStopped(path, exc, stored=False) from exc
                    raise
    except UnreadableFile as exc:
        # Rolled back: nothing of the file is stored.
        return FileResult(path, errors=[str(exc)])
    except WRITE_ERRORS as exc:
        # The drain after the commit: the tasks wait in the index log.
        raise ImportStopped(path, exc, stored=True) from exc
    return result


def conflict(exc: DatabaseError) -> bool:
    """Did the database end this transaction for meeting another writer?"""
    return getattr(exc.__cause__, "sqlstate", None) in CONFLICTS


def store_file(path, result, default_status, dry_run, user, progress, via) -> None:
    """``import_file``'s transaction."""
    with transaction.atomic():
        with gathered_tasks() as tasks:
            arrival = None if dry_run else file_arrival(path, via)
            file = FileState(result, user, arrival)
            records = valid_records(path, result, default_status)
            while batch := list(islice(records, BATCH)):
                store_records(file, batch, progress)
            tasks.update(result.created)
        if dry_run:
            transaction.set_rollback(True)


def import_paths(
    paths: Iterable[Path],
    default_status: str = Statement.Status.PUBLISHED,
    dry_run: bool = False,
    user=None,
    progress: Callable[[Path], Progress] | None = None,
    via: str = Receipt.Via.COMMAND,
) -> ImportSummary:
    """Import every statement file under ``paths``; see the module docstring.

    ``progress(path)`` gives the function that hears how far that file is;
    ``via`` is how the files came (the command, the admin's upload). A file
    that cannot be written (a full disk) ends the import with its error
    (``ImportStopped``'s message); the files before it stay imported.
    """
    summary = ImportSummary()
    for path in _files(paths, summary):
        report = progress(path) if progress else no_progress
        try:
            result = import_file(path, default_status, dry_run, user, report, via)
        except ImportStopped as exc:
            # A full disk fails the next file too: the import stops here, said.
            summary.files.append(FileResult(path, errors=[str(exc)]))
            break
        summary.files.append(result)
    return summary


def _files(paths: Iterable[Path], summary: ImportSummary) -> Iterator[Path]:
    try:
        yield from find_files(paths)
    except UnreadableFile as exc:
        summary.files.append(FileResult(Path("."), errors=[str(exc)]))
