"""Keeping each node's search index equal to the database, the source of truth.

``signals`` appends an entry to the index log in the transaction of every
change a search document depends on; ``log`` keeps each node's position in
it (gaps, compaction); ``outbox`` applies the entries to this node's index
after the commit, one process at a time under a file lock, and
``follower`` does so every half second (``manage.py follow_index``);
``writer`` writes a batch of statements; ``check`` compares the index with
the database; ``lag`` says how far behind it is::

    from statements.indexing import compare, rebuild_index
    found = compare()          # missing, extra, stale, duplicated
    rebuild_index()            # the whole index again, in one commit
"""

from . import log
from .check import compare, describe, repair
from .outbox import (
    drain_after,
    drain_held,
    enqueue,
    gathered_tasks,
    index_lock,
    rebuild_index,
)
from .writer import index_statements

__all__ = [
    "compare",
    "describe",
    "drain_after",
    "drain_held",
    "enqueue",
    "gathered_tasks",
    "index_lock",
    "index_statements",
    "log",
    "rebuild_index",
    "repair",
]
