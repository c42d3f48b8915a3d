"""What a search asks (``SearchRequest``) and what it answers (``SearchResponse``).

>>> request = SearchRequest(q="قسد", issuer=("12",), sort="newest")
>>> response = search(request)      # statements.search.service
>>> response.count, response.pages, [hit.statement.pk for hit in response.hits]
"""

import datetime
from dataclasses import dataclass, field

from ..models import Statement
from .query import FILTERS, QueryTerms

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    page_size: int = 20
    # Filters: a result has one of the values of each (OR within, AND across).
    issuer: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    aliases: bool = True
    # Count the results per month too (the HTML page draws them).
    timeline: bool = False

    def __post_init__(self):
        # One value may be given as a plain string.
        for name in FILTERS:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, (value,) if value else ())


@dataclass
class Notice:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class SearchHit:
    statement: Statement
    score: float | None  # None when sorted by date
    snippets: list[str]
    # The title as HTML with the matched words marked, like the snippets;
    # ``statement.title`` stays the plain title as stored.
    title_marked: str


@dataclass
class SearchResponse:
    request: SearchRequest
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # (YYYY-MM, count) of the results, when the request asked for the timeline.
    months: list[tuple[str, int]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    suggestion: str = ""
    terms: QueryTerms = field(default_factory=QueryTerms)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.request.page_size))

    def notice(self, code: str, message: str) -> None:
        self.notices.append(Notice(code, message))
