"""Values read from the whole index once, kept until the index changes.

    >>> vocabulary = per_index_version("vocabulary", searcher, read_vocabulary)

For what a search would otherwise read again every time (the vocabulary for
spelling, the documents of each facet value, every document's field lengths
for scoring): one value per name, of the index version last searched.

Once a value is kept, the objects alive are moved out of the garbage
collector's sight (``gc.freeze``): the documents of each facet value are
sets of millions of numbers at 315,000 statements, and every full collection
walked them all, adding 150-180 ms to whichever request it fell on (the
API's page of 100 statements: p95 225 ms, 60 ms once frozen). Frozen objects
are still freed when their last reference goes (a value replaced by the next
version's); only a reference cycle alive at that moment would never be
collected, which is why the young generations are collected just before.
"""

import gc
import threading

_lock = threading.Lock()
_per_version: dict[str, tuple[tuple, object]] = {}


def per_index_version(name: str, searcher, compute):
    """``compute(searcher)``, cached under ``name`` until the index changes.

    Computed outside the lock: a value may be built from others (the date
    ranks from the date order), and two threads that miss together each
    compute it once, which is harmless.
    """
    key = (searcher._ix.storage.folder, searcher.reader().generation())
    with _lock:
        cached = _per_version.get(name)
    if cached is not None and cached[0] == key:
        return cached[1]
    value = compute(searcher)
    with _lock:
        _per_version[name] = (key, value)
    gc.collect(1)
    gc.freeze()
    return value


def forget(name: str) -> None:
    """Drop the value kept under ``name`` (benchmarks time searches without it)."""
    with _lock:
        _per_version.pop(name, None)
