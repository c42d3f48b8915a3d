"""``GET /api/v1/search``: the search page's search as JSON, on the same service.

Its parameters are checked twice on purpose: ninja reads them as the document
declares (so ``openapi.json`` shows them), then ``SearchForm`` applies the
same rules as the HTML page, so the two can never accept different things.
"""

from collections.abc import Callable
from typing import Literal

from ninja import Field, Query, Router, Schema

from ...search import MAX_PAGE_SIZE, SearchResponse, labelled_facets, search
from ..forms import SearchForm
from .errors import BadRequest
from .schemas import DATE_PATTERN, Error

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str | None = Field(
        None, description='The query: words, "phrases", OR, -word, issuer:…'
    )
    page: int | None = Field(None, ge=1, le=10_000)
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
    issuer: list[str] = Field(default_factory=list, description="Issuer id or name.")
    type: list[str] = Field(default_factory=list)
    tag: list[str] = Field(default_factory=list)
    place: list[str] = Field(default_factory=list)
    lang: list[str] = Field(default_factory=list)
    date_from: str | None = Field(None, pattern=DATE_PATTERN)
    date_to: str | None = Field(None, pattern=DATE_PATTERN)
    sort: Literal["relevance", "newest", "oldest", ""] | None = None
    aliases: str | None = Field(
        None, description="1 (default): also search other names of actors and places."
    )


class SearchResult(Schema):
    id: int
    external_id: str | None
    title: str
    title_marked: str = Field(description="HTML, escaped, matched words in <mark>.")
    date: str | None
    issuer: str | None
    type: str
    language: str
    url: str
    score: float | None
    snippets: list[str] = Field(description="HTML, escaped, matched words in <mark>.")


class FacetValue(Schema):
    value: str
    label: str
    count: int


class Notice(Schema):
    code: str
    message: str


class SearchResults(Schema):
    count: int
    page: int
    page_size: int
    results: list[SearchResult]
    facets: dict[str, list[FacetValue]]
    notices: list[Notice]
    suggestion: str | None


def result_json(hit, absolute: Callable[[str], str]) -> dict:
    statement = hit.statement
    return {
        "id": statement.pk,
        "external_id": statement.external_id,
        "title": statement.title,
        "title_marked": str(hit.title_marked),
        "date": statement.date_display or None,
        "issuer": str(statement.issuer) if statement.issuer else None,
        "type": statement.type.code,
        "language": statement.language,
        "url": absolute(statement.get_absolute_url()),
        "score": None if hit.score is None else round(hit.score, 4),
        "snippets": [str(s) for s in hit.snippets],
    }


def response_json(
    response: SearchResponse, absolute: Callable[[str], str] = str
) -> dict:
    """The API's JSON for a search; ``absolute`` turns a path into a full URL."""
    return {
        "count": response.count,
        "page": response.request.page,
        "page_size": response.request.page_size,
        "results": [result_json(hit, absolute) for hit in response.hits],
        "facets": {
            name: [
                {"value": str(v), "label": label, "count": n} for v, label, n in values
            ]
            for name, values in labelled_facets(response.facets).items()
        },
        "notices": [{"code": n.code, "message": n.message} for n in response.notices],
        "suggestion": response.suggestion or None,
    }


@router.get(
    "/search",
    response={200: SearchResults, 400: Error, 503: Error},
    url_name="search",
    summary="Search, as the search page does",
)
def search_api(request, params: Query[SearchParams]):
    """Statements matching the query and filters, best first (or by date), with
    facets, notices about the query and a spelling suggestion."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        fields = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        raise BadRequest.of(fields)
    response = search(form.search_request())
    return response_json(response, request.build_absolute_uri)
