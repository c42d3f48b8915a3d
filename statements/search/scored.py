"""A search's matches and their scores, as two numpy arrays.

    >>> scores = reader.scores(query)        # Scores
    >>> scores.ids, scores.scores            # sorted docnums (int64), BM25F (float64)
    >>> len(scores), 17 in scores, scores[17], dict(scores)

A search at 315,000 statements matches up to a hundred thousand of them: as a
dict, merging, intersecting and counting them cost tens of milliseconds of
Python per step (``scoring.py``, ``facets.py``); as arrays, a fraction of a
millisecond. ``Scores`` also reads as a mapping {docnum: score}, one
document at a time, for the callers that want one.
"""

from collections.abc import Collection, Iterator, Mapping

import numpy as np


class Scores(Mapping):
    """Documents (``ids``: sorted, each once) and their ``scores``, aligned."""

    __slots__ = ("ids", "scores")

    def __init__(self, ids: np.ndarray, scores: np.ndarray):
        self.ids, self.scores = ids, scores

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids.tolist())

    def __getitem__(self, doc: int) -> float:
        at = self._position(doc)
        if at is None:
            raise KeyError(doc)
        return float(self.scores[at])

    def __contains__(self, doc) -> bool:
        return self._position(doc) is not None

    def _position(self, doc) -> int | None:
        at = int(np.searchsorted(self.ids, doc))
        return at if at < len(self.ids) and self.ids[at] == doc else None

    def items(self):
        return zip(self.ids.tolist(), self.scores.tolist(), strict=True)

    def __eq__(self, other) -> bool:
        if isinstance(other, Scores):
            return np.array_equal(self.ids, other.ids) and np.array_equal(
                self.scores, other.scores
            )
        if not isinstance(other, Mapping):
            return NotImplemented  # (pytest.approx compares then)
        return dict(self.items()) == dict(other.items())

    __hash__ = None

    def __repr__(self) -> str:
        return f"Scores({dict(self.items())!r})"

    def positions(self, docs: np.ndarray) -> np.ndarray:
        """Where those of ``docs`` (sorted) that are here stand in ``ids``."""
        return np.searchsorted(self.ids, docs[member(docs, self.ids)])

    def within(self, docs: np.ndarray) -> "Scores":
        """Only the documents also in ``docs`` (sorted)."""
        kept = member(self.ids, docs)
        return Scores(self.ids[kept], self.scores[kept])

    def without(self, docs: np.ndarray) -> "Scores":
        """All but the documents in ``docs`` (sorted)."""
        kept = ~member(self.ids, docs)
        return Scores(self.ids[kept], self.scores[kept])


def member(docs: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Whether each of ``docs`` is in ``sorted_ids``, as booleans."""
    if not len(sorted_ids):
        return np.zeros(len(docs), dtype=bool)
    at = np.searchsorted(sorted_ids, docs)
    at[at == len(sorted_ids)] = 0
    return sorted_ids[at] == docs


def as_docnums(docs: Collection[int]) -> np.ndarray:
    """Sorted docnums (int64) of any collection of them: Scores, array, set…"""
    if isinstance(docs, Scores):
        return docs.ids
    if isinstance(docs, np.ndarray):
        return docs
    found = np.fromiter(docs, dtype=np.int64, count=len(docs))
    found.sort()
    return found


def from_mapping(found: Mapping[int, float]) -> Scores:
    """Scores of a {docnum: score} mapping."""
    ids = np.fromiter(found.keys(), dtype=np.int64, count=len(found))
    values = np.fromiter(found.values(), dtype=np.float64, count=len(found))
    order = np.argsort(ids)
    return Scores(ids[order], values[order])
