"""Comparing this node's search index with the database, document by document.

What ``manage.py check_index`` reports and repairs::

    found = compare()
    print(found.missing, found.extra, found.stale, found.duplicated)
    with index_lock():   # statements.indexing.outbox
        repair(found)

A document is stale when the digest stored with it differs from the digest of
the document the database gives now (``search.fields.document_digest``).
"""

from collections import Counter
from dataclasses import dataclass, field

from haystack import connections

from ..models import IndexTask, Statement
from ..search.backend import identifier, stored_digests
from . import log
from .writer import for_index, index_statements


@dataclass
class IndexDifferences:
    published: int = 0
    documents: int = 0
    # Log entries this node has not applied yet.
    pending: int = 0
    node: str = ""
    # Every log entry up to this id is applied to this node's index.
    position: int = 0
    # Published statements the index lacks.
    missing: list[int] = field(default_factory=list)
    # Documents of statements that are not published (draft, retracted, deleted).
    extra: list[int] = field(default_factory=list)
    # Documents whose content is not what the database gives now.
    stale: list[int] = field(default_factory=list)
    # Statements with more than one document.
    duplicated: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.stale or self.duplicated)

    def to_repair(self) -> set[int]:
        return {*self.missing, *self.extra, *self.stale, *self.duplicated}


def database_digests() -> dict[int, str]:
    """The digest of the document each published statement would have now."""
    index = connections["default"].get_unified_index().get_index(Statement)
    pks = sorted(Statement.objects.published().values_list("pk", flat=True))
    return {s.pk: index.full_prepare(s)["digest"] for s in for_index(pks)}


def compare() -> IndexDifferences:
    """What differs between the index and the database at this moment.

    On an archive being written to, a document may differ only because its
    log entry is waiting to be applied: ``pending`` counts those entries.
    """
    node = log.read_node()
    position = log.position_of(node)
    pending = IndexTask.objects.filter(position.unseen()).count()
    documents = stored_digests()
    indexed = dict(documents)
    current = database_digests()
    counts = Counter(pk for pk, _ in documents)
    return IndexDifferences(
        published=len(current),
        documents=len(documents),
        pending=pending,
        node=log.node_name(),
        position=position.applied_up_to,
        missing=sorted(current.keys() - indexed.keys()),
        extra=sorted(indexed.keys() - current.keys()),
        stale=sorted(
            pk for pk in current.keys() & indexed.keys() if current[pk] != indexed[pk]
        ),
        duplicated=sorted(pk for pk, n in counts.items() if n > 1),
    )


def repair(found: IndexDifferences) -> int:
    """Re-index or remove every statement that differs; hold the index lock."""
    if found.duplicated:
        # An update replaces one document of the id (Whoosh's update_document
        # deletes the first it finds): remove them all first.
        backend = connections["default"].get_backend()
        backend.apply(None, removed=[identifier(pk) for pk in found.duplicated])
    pks = found.to_repair()
    index_statements(pks)
    return len(pks)


KINDS = (
    ("missing", "published but missing from the index"),
    ("extra", "in the index but not published"),
    ("stale", "in the index with other content than the database"),
    ("duplicated", "in the index more than once"),
)


def describe(found: IndexDifferences, show: int = 5) -> list[str]:
    """Lines for a person: the counts, then each kind of difference with a few ids."""
    lines = [
        f"Node {found.node}: the index log applied up to entry {found.position}.",
        f"{found.published} published statements, {found.documents} documents "
        f"in the index, {found.pending} index log entries waiting.",
    ]
    for name, meaning in KINDS:
        pks = getattr(found, name)
        if pks:
            sample = ", ".join(map(str, pks[:show]))
            more = ", …" if len(pks) > show else ""
            lines.append(f"{len(pks)} {meaning} (ids {sample}{more})")
    return lines
