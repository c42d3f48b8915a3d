"""Values read from the whole index once, kept until the index changes.

    >>> vocabulary = per_index_version("vocabulary", searcher, read_vocabulary)

For what a search would otherwise read again every time (the vocabulary for
spelling, the documents of each facet value, every document's field lengths
for scoring): one value per name, of the index version last searched.
"""

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
    return value


def forget(name: str) -> None:
    """Drop the value kept under ``name`` (benchmarks time searches without it)."""
    with _lock:
        _per_version.pop(name, None)
