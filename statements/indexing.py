"""Keeps the search index in step with the database: after commit, in batches.

Saves and deletes schedule an index update for when their transaction commits
(``OnCommitSignalProcessor`` in ``signals.py``); an import turns that off with
``deferred_indexing()`` and sends the whole file in one batch with
``index_statements``.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from haystack import connections

from .models import Statement
from .search_backend import PARALLEL_BATCH

# SQLite caps the number of parameters of one query; stay well below it.
CHUNK = 2000

_local = threading.local()


def indexing_deferred() -> bool:
    return getattr(_local, "deferred", False)


@contextmanager
def deferred_indexing() -> Iterator[None]:
    """Within this block, saves do not reach the index: the caller indexes in batch."""
    previous = indexing_deferred()
    _local.deferred = True
    try:
        yield
    finally:
        _local.deferred = previous


def identifier(pk: int) -> str:
    return f"statements.statement.{pk}"


def _for_index(pks: list[int]) -> Iterator[Statement]:
    """These published statements with everything their documents read, in chunks."""
    for start in range(0, len(pks), CHUNK):
        yield from (
            Statement.objects.for_index()
            # names() reads the aliases of every actor and place: one query
            # for all of them rather than one per statement.
            .prefetch_related("actors__aliases", "places__aliases")
            .filter(pk__in=pks[start : start + CHUNK])
        )


def no_progress(stage: str, done: int, total: int) -> None:
    """The default progress report: none."""


def counted(items: Iterator, total: int, progress) -> Iterator:
    """``items``, telling ``progress`` every thousand how many have gone by."""
    for number, item in enumerate(items, start=1):
        if number % 1000 == 0 or number == total:
            progress("indexed", number, total)
        yield item


def index_statements(
    pks: Iterable[int], new: Iterable[int] = (), progress=no_progress
) -> None:
    """Make the index agree with the database for these statements.

    Published ones are (re)indexed, every other one (draft, retracted, deleted)
    is removed. ``new`` are statements known not to be in the index yet: they
    are added without the delete-before-add that an update costs.
    """
    pks, new = set(pks), set(new)
    if not pks and not new:
        return
    connection = connections["default"]
    index = connection.get_unified_index().get_index(Statement)
    published = _published_among(pks | new)
    added = sorted(published & new)
    connection.get_backend().apply(
        index,
        added=counted(_for_index(added), len(added), progress),
        updated=_for_index(sorted(published & (pks - new))),
        removed=[identifier(pk) for pk in sorted((pks | new) - published)],
        procs=2 if len(added) >= PARALLEL_BATCH else 1,
    )


def _published_among(pks: set[int]) -> set[int]:
    ordered = sorted(pks)
    found: set[int] = set()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found.update(
            Statement.objects.published()
            .filter(pk__in=chunk)
            .values_list("pk", flat=True)
        )
    return found


def rebuild_index(progress=no_progress) -> int:
    """Recreate the index from the database: every published statement, one commit.

    Haystack's own rebuild_index writes a thousand documents per commit in one
    process; this batch is written by two (see ``PARALLEL_BATCH``). Searches
    read the old index until the new one is committed.
    """
    connection = connections["default"]
    index = connection.get_unified_index().get_index(Statement)
    pks = sorted(Statement.objects.published().values_list("pk", flat=True))
    connection.get_backend().replace_all(
        index,
        counted(_for_index(pks), len(pks), progress),
        procs=2 if len(pks) >= PARALLEL_BATCH else 1,
    )
    return len(pks)
