"""Whether the search index can be read, cheaply enough to ask every few seconds.

    >>> index_state()
    IndexState(documents=31523, generation=42)

For ``/healthz`` (``web.health``): it reads the index's table of contents
(its generation, segments and document count) and checks that every
segment's files are there, without opening a searcher (about 25 ms on the
full corpus) nor scanning anything. Haystack's ``setup()`` would create an
empty index where there is none: this never writes.
"""

import pickle
import struct
from dataclasses import dataclass
from pathlib import Path

from haystack import connections
from whoosh.filedb.filestore import FileStorage
from whoosh.index import IndexError as WhooshIndexError

INDEX_NAME = "MAIN"  # haystack's, Whoosh's default
# What reading a damaged or half-written table of contents raises: a file
# cut short, bytes that do not unpickle, analyzers of code that has moved.
UNREADABLE = (
    OSError,
    EOFError,
    ValueError,
    struct.error,
    pickle.UnpicklingError,
    ImportError,
    AttributeError,
    WhooshIndexError,
)


class IndexUnreadable(Exception):
    """The index cannot serve searches: missing, damaged or incomplete."""


@dataclass(frozen=True)
class IndexState:
    documents: int
    generation: int


def index_state() -> IndexState:
    """The index's size and generation; ``IndexUnreadable`` says why not."""
    path = Path(connections["default"].get_backend().path)
    # Whoosh's exists_in() would read the whole table of contents: a glob is enough.
    if not path.is_dir() or not any(path.glob(f"_{INDEX_NAME}_*.toc")):
        raise IndexUnreadable(f"there is no index in {path}")
    try:
        index = FileStorage(str(path)).open_index(indexname=INDEX_NAME)
        segments = index._segments()
        state = IndexState(index.doc_count(), index.latest_generation())
    except UNREADABLE as exc:
        raise IndexUnreadable(f"the index in {path} cannot be read: {exc!r}") from exc
    files = {name.name for name in path.iterdir()}
    for segment in segments:
        prefix = f"{INDEX_NAME}_{segment.segid}."
        if not any(name.startswith(prefix) for name in files):
            raise IndexUnreadable(
                f"the index in {path} lacks the files of its segment {segment.segid}"
            )
    return state
