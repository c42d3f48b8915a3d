"""How far this node's search index is behind the database: log entries not applied.

    >>> index_lag()
    Lag(entries=12, seconds=0.8, node='web1', position=4711, …)

An entry is a change's line in the index log (``log.py``) that this node's
index has not applied yet; its age is how long the oldest has waited. A
node that must rebuild its index (new, or fell behind the log's retention)
says so, and why, with when it last did. Two queries (this node's row, then
one aggregate over its unapplied entries), whatever the size of the log.
``/healthz`` reports it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone

from ..models import IndexTask
from . import log


@dataclass(frozen=True)
class Lag:
    entries: int
    seconds: float
    node: str = ""
    # Every entry up to this id is in this node's index.
    position: int = 0
    # No index position yet, or marked to rebuild from the database.
    needs_rebuild: bool = False
    rebuilt_at: datetime.datetime | None = None
    rebuild_reason: str = ""


def index_lag() -> Lag:
    """This node's unapplied entries, and the oldest one's age in seconds (0: none)."""
    node = log.read_node()
    position = log.position_of(node)
    found = IndexTask.objects.filter(position.unseen()).aggregate(
        entries=Count("pk"), oldest=Min("created_at")
    )
    seconds = 0.0
    if found["entries"]:
        age = (timezone.now() - found["oldest"]).total_seconds()
        seconds = round(max(age, 0.0), 3)
    return Lag(
        entries=found["entries"],
        seconds=seconds,
        node=log.node_name(),
        position=position.applied_up_to,
        needs_rebuild=node is None or node.needs_rebuild,
        rebuilt_at=node.rebuilt_at if node else None,
        rebuild_reason=node.rebuild_reason if node else "",
    )
