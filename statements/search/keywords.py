"""A keyword field's values per document, as arrays: facet counts by ``bincount``.

    >>> table = reader.keyword_table("places")      # kept per index version
    >>> table.counts(docs)                           # [count of value i], numpy
    >>> table.documents("12")                        # sorted docnums of a value

Counting the values of a search's matches one value at a time (a set
intersection per value: 1,160 of them for the places at 315,000 statements)
cost tens of milliseconds whatever the search. Here the field is one array of
value numbers in document order, with where each document's values start:
the values of the matched documents are gathered and counted in one
``numpy.bincount``, in time proportional to the matches (facets.py counts the
rest instead when they are fewer).
"""

from collections.abc import Mapping
from itertools import chain

import numpy as np


class KeywordTable:
    """``values`` (strings), each one's number of documents (``sizes``), the
    value numbers of each document (``by_doc``, from ``starts[d]`` to
    ``starts[d + 1]``), and each value's documents (sorted)."""

    def __init__(self, postings: Mapping[str, frozenset[int]], doc_count_all: int):
        self.values = list(postings)
        sizes = np.fromiter(map(len, postings.values()), dtype=np.int64)
        self.sizes = sizes
        docs = np.fromiter(
            chain.from_iterable(postings.values()), dtype=np.int64, count=sizes.sum()
        )
        numbers = np.repeat(np.arange(len(self.values), dtype=np.int32), sizes)
        by_value = np.lexsort((docs, numbers))
        self._docs, self._value_starts = docs[by_value], _starts(sizes)
        by_doc = np.lexsort((numbers, docs))
        self.by_doc = numbers[by_doc]
        per_doc = np.bincount(docs, minlength=doc_count_all)
        self.starts = _starts(per_doc)
        self._numbers = {value: n for n, value in enumerate(self.values)}

    def counts(self, docs: np.ndarray) -> np.ndarray:
        """How many of ``docs`` (docnums) hold each value, by value number."""
        begin = self.starts[docs]
        lengths = self.starts[docs + 1] - begin
        # Positions in by_doc of every value of every doc: each doc's run.
        runs = np.repeat(begin - (np.cumsum(lengths) - lengths), lengths)
        at = runs + np.arange(len(runs))
        return np.bincount(self.by_doc[at], minlength=len(self.values))

    def documents(self, value: str) -> np.ndarray:
        """The sorted docnums holding ``value`` (none for an unknown value)."""
        n = self._numbers.get(value)
        if n is None:
            return self._docs[:0]
        return self._docs[self._value_starts[n] : self._value_starts[n + 1]]


def _starts(sizes: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    return starts
