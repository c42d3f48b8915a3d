"""503 with ``Retry-After`` while the search index cannot be read.

The index is a cache of the database (deleted, damaged, or being rebuilt by
hand): the search service then raises ``IndexUnreadable``. A page that
needs the index (search, browse with words or filters) answers 503 in the
site's layout, saying that searching is unavailable for a while; pages read
from the database alone (a statement's page, the API's records) go on
working, and the list pages fall back to the database (``fallback``). The
API answers in its own JSON shape (``api.errors``).
"""

import logging

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ..search import IndexUnreadable

logger = logging.getLogger(__name__)
# What a client is told to wait: `manage.py ensure_index` rebuilds the full
# corpus in a few minutes, and a load balancer's /healthz takes the node out
# meanwhile.
RETRY_AFTER_SECONDS = 120


def unavailable_message() -> str:
    return _(
        "Search is unavailable for a while: the archive's search index is being "
        "repaired. The statements themselves are safe. Try again in a few minutes."
    )


def index_unreadable(exc: IndexUnreadable) -> None:
    # Logged for the operators, who run `manage.py ensure_index`; the reader
    # sees only the message above.
    logger.error("search index unreadable: %s", exc)


class IndexUnavailableMiddleware:
    """Turn ``IndexUnreadable`` raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IndexUnreadable):
            return None
        index_unreadable(exception)
        context = {"message": unavailable_message()}
        response = render(request, "search_unavailable.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
