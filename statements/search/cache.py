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
    """``compute(searcher)``, cached under ``name`` until the index changes."""
    key = (searcher._ix.storage.folder, searcher.reader().generation())
    with _lock:
        cached = _per_version.get(name)
        if cached is None or cached[0] != key:
            cached = _per_version[name] = (key, compute(searcher))
        return cached[1]
