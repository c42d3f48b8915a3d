"""Facet counts on the current results, with labels: issuer, type, year, place…

Each keyword field's values per document are read from the index once per
index version and kept as arrays (``keywords.py``); a search then gathers the
values of its matches (or of the rest, when they are fewer) and counts them
in one ``numpy.bincount`` per field, which keeps facets cheap even when a
query matches most of the archive.
"""

from collections.abc import Collection

import numpy as np

from ..models import Actor, Place, StatementType, Tag
from .engine import Reader, Scores

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


def facet_counts(
    reader: Reader, docs: Collection[int]
) -> dict[str, list[tuple[str, int]]]:
    """(value, count) pairs per facet for the documents ``docs``, most first."""
    counter = Counter(reader, docs)
    counts = {}
    for name, facet in FACET_FIELDS.items():
        pairs = counter.counts(name)
        pairs = sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
        counts[facet] = pairs[:TOP_VALUES]
    return counts


def month_counts(reader: Reader, docs: Collection[int]) -> list[tuple[str, int]]:
    """(YYYY-MM, count) for the documents ``docs`` dated to a month, oldest first."""
    return sorted((m, n) for m, n in Counter(reader, docs).counts("month") if n)


class Counter:
    """How many of ``docs`` (a search's ``Scores``, or any set of documents)
    each value of a keyword field holds, the cheap way.

    Every document: each value's size. Most of the archive (a search for a
    common word): a value's size less its documents not in ``docs``, far
    fewer to gather.
    """

    def __init__(self, reader: Reader, docs: Collection[int]):
        self.reader = reader
        everything = reader.all_documents()
        self.everything = docs is everything or len(docs) == len(everything)
        self.complement = len(docs) * 2 > len(everything)
        self._docs = docs
        self._few: np.ndarray | None = None

    def counts(self, field: str) -> list[tuple[str, int]]:
        table = self.reader.keyword_table(field)
        if self.everything:
            return list(zip(table.values, table.sizes.tolist(), strict=True))
        found = table.counts(self.few())
        if self.complement:
            found = table.sizes - found
        return list(zip(table.values, found.tolist(), strict=True))

    def few(self) -> np.ndarray:
        """The documents to gather: ``docs``, or the others when fewer."""
        if self._few is None:
            docs = self._docs.ids if isinstance(self._docs, Scores) else None
            if docs is None:
                docs = np.fromiter(self._docs, dtype=np.int64, count=len(self._docs))
            if self.complement:
                every = self.reader.all_docnums()
                wanted = np.ones(every[-1] + 1, dtype=bool)
                wanted[docs] = False
                docs = every[wanted[every]]
            self._few = docs
        return self._few


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
