"""The transactional outbox between the database and this node's search index.

A change appends entries to the index log (``IndexTask`` rows naming
statements) in its own transaction; once it commits, ``drain_outbox`` applies
to this node's index the entries it has not applied yet and moves the node's
position past them (``log.py``: positions, gaps, compaction). One process at
a time writes a node's index, under an exclusive lock on
``<DATA_DIR>/index.lock``::

    with transaction.atomic():
        statement.save()          # indexing.signals calls enqueue([pk])
    # committed: drain_outbox() has run, or another process holding the lock will

The drain after a commit is this node applying the log at once (a single
node needs nothing else); ``manage.py follow_index`` (``follower.py``) applies
it on every node within a second, with no request needed.

Why an outbox: a crash between the commit and the index update leaves the
entries unapplied, and the next drain (any later change, the follower,
``ensure_index``, ``check_index --fix``) applies them. Indexing is
idempotent, so an entry applied twice costs time, never correctness. Why
one lock: Whoosh lets a second writer fail with LockError, and its
AsyncWriter loses queued updates across processes.
"""

import fcntl
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from ..models import CHUNK, IndexNode, IndexTask, record_changes
from ..search.health import IndexUnreadable, index_state
from . import log
from .log import unseen_entries
from .writer import index_statements, no_progress, replace_index

# Tasks read and indexed at once by a drain: one Whoosh commit each. With
# WRITER_LIMIT_MB (search/backend.py), what bounds an import's memory: on the
# corpus (31,523 records, debug off) 50,000 and 1,024 MB took 125 s and
# 3.0 GB (PSS of the importer and its two index writers), 8,000 and 160 MB
# 159 s and 0.94 GB, both while a rebuild loaded the machine.
DRAIN_BATCH = 8_000

_local = threading.local()
logger = logging.getLogger(__name__)


def lock_path() -> Path:
    """The lock file, in the data folder (made if a setting moved it elsewhere)."""
    folder = Path(settings.DATA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "index.lock"


@contextmanager
def _locked(flags: int) -> Iterator[bool]:
    if getattr(_local, "holding", False):
        # flock() on a second descriptor of the same file would wait for
        # ourselves: a nested holder must not wait, and gets "held elsewhere".
        if not flags & fcntl.LOCK_NB:
            raise RuntimeError("this thread already holds the index lock")
        yield False
        return
    with open(lock_path(), "a") as handle:
        if not _flock(handle, flags):
            yield False
            return
        _local.holding = True
        try:
            yield True
        finally:
            _local.holding = False
            fcntl.flock(handle, fcntl.LOCK_UN)


def _flock(handle, flags: int) -> bool:
    """Lock the open file; False when LOCK_NB is given and another holds it."""
    try:
        fcntl.flock(handle, flags)
    except BlockingIOError:
        return False
    return True


@contextmanager
def index_lock() -> Iterator[None]:
    """Hold the index lock, waiting for it; on leaving, drain what others left us.

    Whoever holds the lock drains after releasing it: a process that committed
    a task while we held it did not wait (see ``drain_outbox``).
    """
    try:
        with _locked(fcntl.LOCK_EX):
            yield
    finally:
        drain_outbox()


def write_tasks(pks: Iterable[int]) -> None:
    """The index tasks of these changed statements, and their entries in the
    public change log (``models/changes.py``): both in the change's transaction."""
    pks = sorted(set(pks))
    IndexTask.objects.bulk_create(
        [IndexTask(statement_id=pk) for pk in pks], batch_size=CHUNK
    )
    record_changes(pks)


def enqueue(pks: Iterable[int]) -> None:
    """Index these statements once the current transaction commits.

    The task rows are written now, in that transaction: a rollback takes them
    away with the change. Inside ``gathered_tasks()`` they are written once,
    at its end. A failed drain is logged, not raised: the change is committed
    and its tasks wait for the next drain.
    """
    pks = set(pks)
    if not pks:
        return
    gathered = getattr(_local, "gathered", None)
    if gathered is not None:
        gathered.update(pks)
        return
    write_tasks(pks)
    transaction.on_commit(drain_outbox, robust=True)


@contextmanager
def gathered_tasks() -> Iterator[set[int]]:
    """Within this block, tasks go into the yielded set; it is written at the end.

    For a bulk change inside one transaction (an import): one row per
    statement instead of one per saved row, added in one go. Add to the set
    what signals do not see (``bulk_create``).
    """
    previous = getattr(_local, "gathered", None)
    _local.gathered = gathered = set()
    try:
        yield gathered
    finally:
        _local.gathered = previous
    write_tasks(gathered)
    transaction.on_commit(drain_outbox)


def behind() -> bool:
    """Whether this node has log entries to apply, gaps to give up, or no index yet."""
    node = log.read_node()
    if node is None or node.needs_rebuild:
        return True
    position = log.position_of(node)
    if position.given_up(time.time(), log.gap_seconds())[1]:
        return True
    return IndexTask.objects.filter(position.unseen()).exists()


def drain_outbox(progress=no_progress, batch: int = DRAIN_BATCH) -> int:
    """Apply the log entries this node has not applied, unless another process is at it.

    Never waits for the lock: its holder looks at the log again after
    releasing it (this loop, and ``index_lock``), so an entry committed while
    it held the lock is applied by it or by the next holder, never left behind.
    Returns how many entries this call applied.
    """
    drained = 0
    while behind():
        with _locked(fcntl.LOCK_EX | fcntl.LOCK_NB) as held:
            if not held:
                logger.debug("index lock held elsewhere: its holder drains")
                break
            drained += drain_held(progress, batch)
    return drained


def drain_held(progress=no_progress, batch: int = DRAIN_BATCH) -> int:
    """Apply the log to this node's index until nothing is left; the caller holds
    the index lock. A node without a position first builds its index."""
    position = log.position_of(ready_node(progress))
    drained = 0
    while True:
        # The entries are read before the statements: a change committed after
        # this point has an entry of its own, which waits for the next round.
        entries = unseen_entries(position, batch)
        statements = {statement for _, statement in entries}
        if entries:
            logger.info(
                "applying %d log entries (%d statements), ids %d-%d",
                len(entries),
                len(statements),
                entries[0][0],
                entries[-1][0],
            )
            index_statements(statements, progress)
        moved = position.after([pk for pk, _ in entries], time.time())
        moved = log.give_up_gaps(moved, time.time())
        if moved != position:
            log.save_position(moved)
            position = moved
        logger.debug("drained %d tasks: %d statements", len(entries), len(statements))
        drained += len(entries)
        if len(entries) < batch:
            break
    log.compact_applied()
    return drained


def start_following() -> IndexNode:
    """``ready_node`` under the index lock, waiting for it (a follower's start)."""
    with _locked(fcntl.LOCK_EX):
        return ready_node()


def ready_node(progress=no_progress) -> IndexNode:
    """This node's row, after building its index from the database if it has none
    yet, was marked to (it fell behind the log's retention period), or its
    index folder was deleted or damaged: applying the log to an index
    created empty would leave it holding only the latest changes."""
    node = log.read_node()
    if node is None:
        rebuild_held(progress, "a new node: its index built from the database")
    elif node.needs_rebuild:
        logger.warning("index node %s: %s", node.name, node.rebuild_reason)
        rebuild_held(progress, node.rebuild_reason)
    elif (lost := index_lost()) is not None:
        logger.error("index node %s: %s; rebuilding it", node.name, lost)
        rebuild_held(progress, f"rebuilt from the database: {lost}")
    else:
        return node
    return log.read_node()


def index_lost() -> str | None:
    """Why this node's index cannot be read, if it cannot."""
    try:
        index_state()
    except IndexUnreadable as exc:
        return str(exc)
    return None


@contextmanager
def drain_after(progress=no_progress) -> Iterator[None]:
    """Hold the index lock through the block, then drain what it committed.

    For imports, around (outside) their transaction: their tasks are indexed
    by this process, and a web request that commits meanwhile finds the lock
    held and leaves its task to us instead of indexing a whole file.

    Inside an outer transaction the lock is not taken: that transaction may
    hold the database's write lock, which a drain holding the index lock could
    be waiting for. Its tasks are then drained after the outer commit.
    """
    if connection.in_atomic_block:
        yield
        return
    with index_lock():
        yield
        drain_held(progress)


def rebuild_index(progress=no_progress, reason: str = "rebuilt on request") -> int:
    """Recreate this node's index from the database; returns how many statements
    it holds. The log entries it covers are those before ``log.start_position()``,
    read first; later ones are applied by the drain that follows."""
    with index_lock():
        return rebuild_held(progress, reason)


def rebuild_held(progress, reason: str) -> int:
    """``rebuild_index`` with the index lock held; ``reason`` is kept for /healthz."""
    start = log.start_position()
    count = replace_index(progress)
    log.register(start, reason)
    logger.info(
        "index node %s built from the database (%s): %d statements, following "
        "the log after entry %d",
        log.node_name(),
        reason,
        count,
        start.high_water,
    )
    return count
