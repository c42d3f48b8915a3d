"""Facet counts on the current results, with labels: issuer, type, year, place…

Each facet value's documents are read from the index once per index version
and kept; a search then only intersects sets, which keeps facets cheap even
when a query matches most of the archive.
"""

from collections.abc import Callable, Set

from ..models import Actor, Place, StatementType, Tag
from .engine import Reader

# Index field → facet name used by the API and the pages.
FACET_FIELDS = {
    "issuer": "issuer",
    "type": "type",
    "year": "year",
    "tags": "tag",
    "places": "place",
    "language": "lang",
}
TOP_VALUES = 30


def facet_counts(reader: Reader, docs: Set[int]) -> dict[str, list[tuple[str, int]]]:
    """(value, count) pairs per facet for the documents ``docs``, most first."""
    count = counter(reader, docs)
    counts = {}
    for name, facet in FACET_FIELDS.items():
        values = reader.keyword_postings(name)
        pairs = [(value, count(ids)) for value, ids in values.items()]
        pairs = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
        counts[facet] = pairs[:TOP_VALUES]
    return counts


def month_counts(reader: Reader, docs: Set[int]) -> list[tuple[str, int]]:
    """(YYYY-MM, count) for the documents ``docs`` dated to a month, oldest first."""
    count = counter(reader, docs)
    months = reader.keyword_postings("month")
    counts = ((month, count(ids)) for month, ids in months.items())
    return sorted((month, n) for month, n in counts if n)


def counter(reader: Reader, docs: Set[int]) -> Callable[[frozenset[int]], int]:
    """How many documents of a value's set are in ``docs``, counted the cheap way.

    Every document: the set's size. Most of the archive (a search for a
    common word): the set's size less the documents not in ``docs``, far
    fewer to look up. Otherwise the intersection.
    """
    everything = reader.all_documents()
    if docs is everything or len(docs) == len(everything):
        return len
    if len(docs) * 2 > len(everything):
        rest = everything - docs
        return lambda ids: len(ids) - len(ids & rest)
    return lambda ids: len(ids & docs)


def labelled_facets(facets: dict) -> dict[str, list[tuple[str, str, int]]]:
    """Facet values with a label: ids of actors, places and tags become names."""
    models = {"issuer": Actor, "place": Place, "tag": Tag}
    labels: dict[str, dict[str, str]] = {}
    for name, model in models.items():
        ids = [int(v) for v, _ in facets.get(name, []) if v.isdigit()]
        labels[name] = {
            str(pk): str(obj) for pk, obj in model.objects.in_bulk(ids).items()
        }
    labels["type"] = {t.code: str(t) for t in StatementType.objects.all()}
    return {
        name: [(v, labels.get(name, {}).get(v, v), n) for v, n in values]
        for name, values in facets.items()
    }
