"""Facet counts on the current results, with labels: issuer, type, year, place…

Each facet value's documents are read from the index once per index version
and kept; a search then only intersects sets, which keeps facets cheap even
when a query matches most of the archive.
"""

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


def facet_counts(reader: Reader, docs: set[int]) -> dict[str, list[tuple[str, int]]]:
    """(value, count) pairs per facet for the documents ``docs``, most first.

    When ``docs`` is most of the archive (a search for a common word), the
    documents not in it are counted off instead: far fewer to look up.
    """
    everything = reader.all_documents()
    rest = everything - docs if len(docs) * 2 > len(everything) else None
    counts = {}
    for name, facet in FACET_FIELDS.items():
        values = reader.keyword_postings(name)
        pairs = [(value, _count(ids, docs, rest)) for value, ids in values.items()]
        pairs = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
        counts[facet] = pairs[:TOP_VALUES]
    return counts


def _count(ids: frozenset[int], docs: set[int], rest: frozenset[int] | None) -> int:
    """How many of ``ids`` are in ``docs``; ``rest`` is the archive but ``docs``."""
    return len(ids & docs) if rest is None else len(ids) - len(ids & rest)


def month_counts(reader: Reader, docs: set[int]) -> list[tuple[str, int]]:
    """(YYYY-MM, count) for the documents ``docs`` dated to a month, oldest first."""
    months = reader.keyword_postings("month")
    counts = ((month, len(ids & docs)) for month, ids in months.items())
    return sorted((month, n) for month, n in counts if n)


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
