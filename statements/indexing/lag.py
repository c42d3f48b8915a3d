"""How far the search index is behind the database: the changes not yet in it.

    >>> index_lag()
    Lag(entries=12, seconds=0.8)

An entry is an index task (``IndexTask``) written with a change and not yet
drained (``outbox.py``); its age is how long the oldest has waited. One
aggregate query, whatever the size of the archive or of the backlog's
table. ``/healthz`` (``web.health``) reports it; a follower of the log
that replaces the outbox answers the same question here.
"""

from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone

from ..models import IndexTask


@dataclass(frozen=True)
class Lag:
    entries: int
    seconds: float


def index_lag() -> Lag:
    """The pending index tasks, and the age of the oldest in seconds (0 if none)."""
    found = IndexTask.objects.aggregate(entries=Count("pk"), oldest=Min("created_at"))
    if not found["entries"]:
        return Lag(0, 0.0)
    age = (timezone.now() - found["oldest"]).total_seconds()
    return Lag(found["entries"], round(max(age, 0.0), 3))
