"""The index log, and where each node's index stands in it.

Every change appends entries (``IndexTask`` rows naming statements) in its own
transaction; an entry's id is its place in the log. Each web node has its own
Whoosh index (in its own ``ARCHIVE_DATA_DIR``) and an ``IndexNode`` row: the
entries it has applied, as a ``Position``::

    position = Position(high_water=10)
    entries = unseen_entries(position, 8000)     # ids 11, 12 and 14 committed
    position = position.after([11, 12, 14], time.time())
    position.high_water, position.gaps           # 14, (Gap(13, 13, …),)
    position.applied_up_to                       # 12

Why gaps: ids are handed out when a row is inserted, not when its
transaction commits. On PostgreSQL a transaction may take id 13, another
take 14 and commit first; a reader that moved its position to 14 would never
read 13. So a position is the largest id applied (``high_water``) and the ids
below it not seen yet (``gaps``): each read asks for ids above the high
water *and* in the gaps, so the late 13 is read when it commits. A gap is
also what a rolled-back transaction leaves (its ids are never used): a gap
older than ``ARCHIVE_INDEX_GAP_SECONDS`` is taken as rolled back and given
up (logged). That timeout is the one assumption: no transaction commits
entries more than that after writing them (the importer writes its entries
at the end of a file's transaction, the admin within a request). On SQLite
writers hold the database's write lock from their first write to their
commit, so ids commit in order and gaps are only rollbacks.

Why not a commit-ordered counter instead: one row updated by every writer
would serialise all of them until their commit, and a writer holding a
statement's row lock while waiting for the counter deadlocks with one doing
the opposite. Why not PostgreSQL's transaction ids: SQLite has none, and
one algorithm on both is the one tested everywhere.

``applied_up_to`` (the ``position`` column) is the id up to which everything
is decided: compaction removes entries up to the smallest position among the
nodes, and, past ``ARCHIVE_INDEX_RETENTION_SECONDS``, entries some node has
not applied, marking that node to rebuild its index from the database. A new
node reads ``start_position()`` before building its index from the database,
then follows from there.
"""

import bisect
import datetime
import logging
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from ..models import IndexNode, IndexTask

logger = logging.getLogger(__name__)


@dataclass(frozen=True, order=True)
class Gap:
    """Entry ids ``first``…``last``, not seen since ``missed_at`` (epoch seconds)."""

    first: int
    last: int
    missed_at: float


@dataclass(frozen=True)
class Position:
    """The entries a node applied: all up to ``high_water`` but those in ``gaps``."""

    high_water: int = 0
    gaps: tuple[Gap, ...] = ()

    @property
    def applied_up_to(self) -> int:
        """Every entry up to this id is applied (or given up as rolled back)."""
        return self.gaps[0].first - 1 if self.gaps else self.high_water

    def unseen(self) -> Q:
        """The entries not applied: above the high water, or in a gap."""
        query = Q(pk__gt=self.high_water)
        for gap in self.gaps:
            query |= Q(pk__range=(gap.first, gap.last))
        return query

    def after(self, seen: list[int], now: float) -> "Position":
        """The position once these entries are applied.

        ``seen`` must be every unseen id up to its largest one (a read of
        ``unseen()`` in id order, however cut short): an id between two of
        them that it lacks had not committed, and becomes a gap.
        """
        seen = sorted(seen)
        gaps = [part for gap in self.gaps for part in split(gap, seen)]
        high = self.high_water
        for pk in seen[bisect.bisect_right(seen, high) :]:
            if pk > high + 1:
                gaps.append(Gap(high + 1, pk - 1, now))
            high = pk
        return Position(high, tuple(sorted(gaps)))

    def given_up(self, now: float, timeout: float) -> tuple["Position", list[Gap]]:
        """This position less the gaps missing for over ``timeout`` s, and those."""
        expired = [gap for gap in self.gaps if gap.missed_at <= now - timeout]
        kept = tuple(gap for gap in self.gaps if gap not in expired)
        return replace(self, gaps=kept), expired


def split(gap: Gap, seen: list[int]) -> Iterator[Gap]:
    """What is left of a gap once the sorted ids ``seen`` are taken out of it."""
    first = gap.first
    start = bisect.bisect_left(seen, gap.first)
    for pk in seen[start : bisect.bisect_right(seen, gap.last)]:
        if pk > first:
            yield Gap(first, pk - 1, gap.missed_at)
        first = pk + 1
    if first <= gap.last:
        yield Gap(first, gap.last, gap.missed_at)


def node_name() -> str:
    """This node's name in the log: ``ARCHIVE_NODE_NAME``, or host and data folder."""
    return settings.ARCHIVE_NODE_NAME or f"{socket.gethostname()}:{settings.DATA_DIR}"


def read_node() -> IndexNode | None:
    return IndexNode.objects.filter(name=node_name()).first()


def rebuild_needed() -> str:
    """Why this node must build its index from the database first, or ""."""
    node = read_node()
    if node is None:
        return f"node {node_name()} has not followed the index log yet"
    if node.needs_rebuild:
        return f"node {node.name} {node.rebuild_reason}"
    return ""


def position_of(node: IndexNode | None) -> Position:
    if node is None:
        return Position()
    gaps = tuple(sorted(Gap(int(f), int(last), float(at)) for f, last, at in node.gaps))
    return Position(node.high_water, gaps)


def gap_seconds() -> float:
    return float(settings.ARCHIVE_INDEX_GAP_SECONDS)


def unseen_entries(position: Position, limit: int) -> list[tuple[int, int]]:
    """Up to ``limit`` (id, statement) entries not applied yet, in id order."""
    entries = IndexTask.objects.filter(position.unseen()).order_by("pk")
    return list(entries.values_list("pk", "statement_id")[:limit])


def save_position(position: Position) -> None:
    """Store this node's position (only this node's index lock holder writes it)."""
    IndexNode.objects.filter(name=node_name()).update(
        high_water=position.high_water,
        position=position.applied_up_to,
        gaps=[[g.first, g.last, g.missed_at] for g in position.gaps],
        last_seen=timezone.now(),
    )


def give_up_gaps(position: Position, now: float) -> Position:
    """Drop the gaps awaited over ``ARCHIVE_INDEX_GAP_SECONDS``, saying so."""
    kept, expired = position.given_up(now, gap_seconds())
    for gap in expired:
        logger.info(
            "index log entries %d-%d never committed within %.0f s: "
            "taken as rolled back",
            gap.first,
            gap.last,
            gap_seconds(),
        )
    return kept


def start_position() -> Position:
    """Where a node starts following, read before its index is built from the database.

    Every entry present now is covered by the build that follows. Ids below
    the largest present one and missing may belong to transactions still
    open: they are gaps, except below an id that cannot be in flight any
    more (the smallest position of the nodes, or an entry older than the gap
    timeout), so that entries compacted long ago are not awaited.
    """
    now = time.time()
    old = timezone.now() - datetime.timedelta(seconds=gap_seconds())
    settled = max(
        IndexNode.objects.filter(needs_rebuild=False).aggregate(p=Min("position"))["p"]
        or 0,
        IndexTask.objects.filter(created_at__lt=old).aggregate(p=Max("pk"))["p"] or 0,
        committed_sequence(),
    )
    recent = IndexTask.objects.filter(pk__gt=settled).values_list("pk", flat=True)
    return Position(settled).after(list(recent), now)


def committed_sequence() -> int:
    """The last entry id whose transaction has ended, where the database can say.

    On SQLite the id counter (``sqlite_sequence``) is written in the inserting
    transaction, which holds the only write lock until it ends: what a reader
    sees is the last id committed. PostgreSQL's sequences are not
    transactional, so there this says nothing (0).
    """
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = %s",
            [IndexTask._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def register(position: Position, reason: str) -> None:
    """Record this node's index as just built from the database, at ``position``."""
    IndexNode.objects.update_or_create(
        name=node_name(),
        defaults={
            "high_water": position.high_water,
            "position": position.applied_up_to,
            "gaps": [[g.first, g.last, g.missed_at] for g in position.gaps],
            "needs_rebuild": False,
            "rebuild_reason": reason[:300],
            "rebuilt_at": timezone.now(),
            "last_seen": timezone.now(),
        },
    )


def compact_applied() -> int:
    """Remove the entries every node following the log has applied."""
    floor = IndexNode.objects.filter(needs_rebuild=False).aggregate(p=Min("position"))
    if not floor["p"]:
        return 0
    return IndexTask.objects.filter(pk__lte=floor["p"]).delete()[0]


def expire_entries() -> int:
    """Remove entries older than the retention period; a node that had not
    applied them is marked to rebuild its index from the database."""
    seconds = settings.ARCHIVE_INDEX_RETENTION_SECONDS
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    with transaction.atomic():
        old = IndexTask.objects.filter(created_at__lt=cutoff)
        last = old.aggregate(p=Max("pk"))["p"]
        if last is None:
            return 0
        behind = IndexNode.objects.filter(needs_rebuild=False, position__lt=last)
        for name in behind.values_list("name", flat=True):
            logger.warning(
                "index node %s fell behind the log: entries up to %d, older than "
                "%d s, are removed; it rebuilds its index from the database",
                name,
                last,
                seconds,
            )
        behind.update(
            needs_rebuild=True,
            rebuild_reason=f"fell behind the index log: entries up to {last}, "
            f"older than {seconds} s, were removed before it applied them",
        )
        return old.filter(pk__lte=last).delete()[0]


def compact() -> int:
    """Both compactions: what every node applied, then what is past retention."""
    return compact_applied() + expire_entries()


def touch() -> None:
    """Say this node's follower is alive (``IndexNode.last_seen``)."""
    IndexNode.objects.filter(name=node_name()).update(last_seen=timezone.now())
