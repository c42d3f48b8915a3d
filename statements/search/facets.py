"""Facet counts on the current results, with labels: issuer, type, year, place…

Each facet value's documents are read from the index once per index version
and kept; a search then only intersects sets, which keeps facets cheap even
when a query matches most of the archive.
"""

from collections.abc import Set

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
    counter = Counter(reader, docs)
    counts = {}
    for name, facet in FACET_FIELDS.items():
        pairs = counter.counts(name)
        pairs = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
        counts[facet] = pairs[:TOP_VALUES]
    return counts


def month_counts(reader: Reader, docs: Set[int]) -> list[tuple[str, int]]:
    """(YYYY-MM, count) for the documents ``docs`` dated to a month, oldest first."""
    return sorted((m, n) for m, n in Counter(reader, docs).counts("month") if n)


class Counter:
    """How many of ``docs`` each value of a keyword field holds, the cheap way.

    Every document: each value's size. Most of the archive (a search for a
    common word): a value's size less its documents not in ``docs``, far
    fewer to look up. A frequent value is counted on bit masks
    (``Reader.keyword_masks``), the others by set intersection.
    """

    def __init__(self, reader: Reader, docs: Set[int]):
        self.reader = reader
        everything = reader.all_documents()
        self.everything = docs is everything or len(docs) == len(everything)
        self.complement = len(docs) * 2 > len(everything)
        self.few = everything - docs if self.complement else docs
        self._mask: int | None = None

    def counts(self, field: str) -> list[tuple[str, int]]:
        values = self.reader.keyword_postings(field)
        if self.everything:
            return [(value, len(ids)) for value, ids in values.items()]
        masks = self.reader.keyword_masks(field)
        return [(v, self.count(ids, masks.get(v))) for v, ids in values.items()]

    def count(self, ids: frozenset[int], mask: int | None) -> int:
        if mask is None:
            found = len(ids & self.few)
        else:
            if self._mask is None:
                self._mask = self.reader.mask(self.few)
            found = (mask & self._mask).bit_count()
        return len(ids) - found if self.complement else found


def labelled_facets(facets: dict) -> dict[str, list[tuple[str, str, int]]]:
    """Facet values with a label: ids of actors, places and tags become names."""
    models = {"issuer": Actor, "place": Place, "tag": Tag}
    labels: dict[str, dict[str, str]] = {}
    for name, model in models.items():
        ids = [int(v) for v, _ in facets.get(name, []) if v.isascii() and v.isdigit()]
        labels[name] = {
            str(pk): str(obj) for pk, obj in model.objects.in_bulk(ids).items()
        }
    labels["type"] = {t.code: str(t) for t in StatementType.objects.all()}
    return {
        name: [(v, labels.get(name, {}).get(v, v), n) for v, n in values]
        for name, values in facets.items()
    }
