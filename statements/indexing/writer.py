"""Makes the search index agree with the database for given statements, in one batch.

Called with the index lock held (``outbox.py``, which decides when and what to
index); tests call it directly::

    index_statements([statement.pk])
"""

from collections.abc import Iterable, Iterator

from haystack import connections

from ..models import CHUNK, Statement
from ..search.backend import PARALLEL_BATCH, identifier, indexed_among


def for_index(pks: list[int]) -> Iterator[Statement]:
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


def index_statements(pks: Iterable[int], progress=no_progress) -> None:
    """Make the index agree with the database for these statements.

    Published ones are (re)indexed, every other one (draft, retracted, deleted)
    is removed. Those the index does not hold yet are added without the
    delete-before-add that an update costs, which keeps imports fast.
    """
    pks = set(pks)
    if not pks:
        return
    connection = connections["default"]
    index = connection.get_unified_index().get_index(Statement)
    backend = connection.get_backend()
    published = published_among(pks)
    added = sorted(published - indexed_among(published))
    backend.apply(
        index,
        added=counted(for_index(added), len(added), progress),
        updated=for_index(sorted(published - set(added))),
        removed=[identifier(pk) for pk in sorted(pks - published)],
        procs=2 if len(added) >= PARALLEL_BATCH else 1,
    )


def replace_index(progress=no_progress) -> int:
    """Write every published statement as the whole index, in one commit.

    Haystack's own rebuild_index writes a thousand documents per commit in one
    process; this batch is written by two (see ``PARALLEL_BATCH``). Searches
    read the old index until the new one is committed.
    """
    connection = connections["default"]
    index = connection.get_unified_index().get_index(Statement)
    pks = sorted(Statement.objects.published().values_list("pk", flat=True))
    connection.get_backend().replace_all(
        index,
        counted(for_index(pks), len(pks), progress),
        procs=2 if len(pks) >= PARALLEL_BATCH else 1,
    )
    return len(pks)


def published_among(pks: set[int]) -> set[int]:
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
