"""The one search service and everything it uses; the only package that knows Whoosh.

Entry points::

    from statements.search import SearchRequest, search
    response = search(SearchRequest(q="قسد الرقة"))

``service`` runs a search: ``query`` parses the query language, ``aliases``
adds other names of actors and places, ``corrections`` reads misspelt
words and names spelt otherwise (candidates from ``spelling`` and ``variants``),
``builder`` and ``filters`` make engine queries, ``facets`` counts, and
``highlight`` marks the matched words. ``engine`` is the seam to the engine
(queries and a reader); behind it ``scoring`` and ``postings`` score every
match in one pass, ``cache`` keeps what is read from the whole index, and
``backend``, ``analyzers`` and ``fields`` write the index.
"""

from .facets import labelled_facets
from .filters import (
    FilterError,
    database_condition,
    database_filter,
    database_ids,
    with_descendants,
)
from .highlight import marked_paragraphs, marked_text
from .query import FILTERS, QueryTerms, parse_date_bound
from .request import MAX_PAGE_SIZE, SORTS, SearchHit, SearchRequest, SearchResponse
from .service import matched_terms, more_like_this, search

__all__ = [
    "FILTERS",
    "MAX_PAGE_SIZE",
    "SORTS",
    "FilterError",
    "QueryTerms",
    "SearchHit",
    "SearchRequest",
    "SearchResponse",
    "database_condition",
    "database_filter",
    "database_ids",
    "labelled_facets",
    "marked_paragraphs",
    "marked_text",
    "matched_terms",
    "more_like_this",
    "parse_date_bound",
    "search",
    "with_descendants",
]
