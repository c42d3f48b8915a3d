"""``GET /healthz``: whether this node can serve, for load balancers and monitors.

    {"status": "ok", "database": "ok", "index": "ok", "documents": 31523,
     "generation": 42, "lag": {"entries": 0, "seconds": 0.0, "max_seconds": 300,
     "position": 4711, "needs_rebuild": false, "rebuilt_at": "2026-12-06T14:32:00Z"}}

200 when the database answers, the index can be read and the oldest change
not yet indexed is younger than ``ARCHIVE_HEALTH_MAX_LAG_SECONDS``; 503
otherwise, so a load balancer takes the node out. ``position`` is how far
this node's index has applied the index log, ``needs_rebuild`` whether it
must build its index from the database first (a new node, or one that fell
behind the log's retention), ``rebuilt_at`` when it last did. Two database
queries and a read of the index's table of contents: cheap whatever the
archive's size.
What failed is logged in full; the answer, public, says only which part.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..indexing.lag import index_lag
from ..search.health import IndexUnreadable, index_state

logger = logging.getLogger(__name__)


def database_part() -> tuple[dict, bool]:
    """The index's lag, read from the database: that read tells whether it answers."""
    max_seconds = settings.ARCHIVE_HEALTH_MAX_LAG_SECONDS
    try:
        lag = index_lag()
    except DatabaseError:
        logger.exception("healthz: the database does not answer")
        return {"database": "error", "lag": None}, False
    part = {
        "database": "ok",
        "lag": {
            "entries": lag.entries,
            "seconds": lag.seconds,
            "max_seconds": max_seconds,
            "position": lag.position,
            "needs_rebuild": lag.needs_rebuild,
            "rebuilt_at": lag.rebuilt_at.isoformat() if lag.rebuilt_at else None,
        },
    }
    return part, lag.seconds <= max_seconds


def index_part() -> tuple[dict, bool]:
    try:
        state = index_state()
    except IndexUnreadable:
        logger.exception("healthz: the search index cannot be read")
        return {"index": "error"}, False
    part = {"index": "ok", "documents": state.documents, "generation": state.generation}
    return part, True


@never_cache
@require_safe
def healthz(request):
    database, database_ok = database_part()
    index, index_ok = index_part()
    healthy = database_ok and index_ok
    report = {"status": "ok" if healthy else "unhealthy", **database, **index}
    return JsonResponse(report, status=200 if healthy else 503)
