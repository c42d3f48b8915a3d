"""Keeping the search index equal to the database, which stays the source of truth.

``signals`` writes an index task in the transaction of every change a search
document depends on; ``outbox`` drains the tasks into the index after the
commit, one process at a time under a file lock; ``writer`` writes a batch
of statements; ``check`` compares the index with the database::

    from statements.indexing import compare, rebuild_index
    found = compare()          # missing, extra, stale, duplicated
    rebuild_index()            # the whole index again, in one commit
"""

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
    "rebuild_index",
    "repair",
]
