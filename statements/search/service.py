"""The one search service behind the HTML page, the JSON API and the command line.

    >>> response = search(SearchRequest(q="قسد الرقة", page_size=10))
    >>> response.count, [hit.statement.title for hit in response.hits]

Queries are parsed by ``query.py`` and analysed by ``arabic.py`` exactly like
the indexed text, then run on the Whoosh index with BM25F (the title weighs
three times), every match scored in one pass (``scoring.py``). Words are
ANDed; when that finds nothing they are ORed. A word the index does not know
is corrected to the closest indexed word (edit distance 1, 2 for long words).
A name of an actor or place also finds its other names (قسد finds "Syrian
Democratic Forces") unless ``aliases=False``. Each such change of the query is
reported in ``notices``.
"""

import datetime
import threading
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from haystack import connections
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.sorting import FieldFacet, MultiFacet

from ..indexing.writer import identifier
from ..models import Statement
from .aliases import AliasExpansion, expand_aliases
from .builder import Builder
from .facets import facet_counts, month_counts
from .filters import FilterError, filter_queries
from .highlight import QueryTerms, snippets
from .query import parse_query
from .scoring import Scores, scored_documents, top_documents
from .spelling import (
    alternatives,
    suggestion,
    unknown_word_corrections,
    vocabulary,
    word_stems,
)

SORTS = ("relevance", "newest", "oldest")
FILTERS = ("issuer", "type", "tag", "place", "lang")
MAX_PAGE_SIZE = 100
# Corrections tried, one at a time, when the words together find nothing.
MAX_TRIES = 12
# A name in more than this share of the statements is not expanded to its aliases.
COMMON_NAME_SHARE = 0.02
COMMON_NAME_FLOOR = 100


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


# --------------------------------------------------------------- the index


_local = threading.local()


def current_searcher() -> Searcher:
    """This thread's searcher of the index, reopened only when the index changed.

    Opening a searcher reads every segment's term table (about 25 ms on the
    full corpus), more than a whole search should take.
    """
    whoosh = connections["default"].get_backend()
    cached = getattr(_local, "searcher", None)
    if cached is not None and _local.path == whoosh.path and cached.up_to_date():
        return cached
    if cached is not None:
        cached.close()
    if not whoosh.setup_complete:
        whoosh.setup()
    # A new searcher rather than cached.refresh(): after rebuild_index the old
    # one's index is gone, and refreshing it fails inside Whoosh.
    _local.path, _local.searcher = whoosh.path, whoosh.index.refresh().searcher()
    return _local.searcher


def sorted_by(sort: str):
    if sort == "newest":
        return MultiFacet([FieldFacet("undated"), FieldFacet("date", reverse=True)])
    if sort == "oldest":
        return MultiFacet([FieldFacet("undated"), FieldFacet("date")])
    return None


# ------------------------------------------------------------------ running


def combine(
    positive: list[wq.Query], negative: list[wq.Query], any_of: bool
) -> wq.Query:
    if not positive:
        main = wq.Every()
    elif len(positive) == 1:
        main = positive[0]
    else:
        main = wq.Or(positive) if any_of else wq.And(positive)
    return wq.AndNot(main, wq.Or(negative)) if negative else main


def matching(searcher: Searcher, query: wq.Query, allowed: set[int] | None) -> set[int]:
    docs = set(searcher.docs_for_query(query))
    return docs & allowed if allowed is not None else docs


def rare_names_only(searcher: Searcher, clauses: list) -> list:
    """Keep an alias expansion only where the name as typed is not already common.

    A name in a few percent of the archive (سوريا, الأمم المتحدة) finds its
    statements as typed; its other names add little and cost a phrase search
    each over thousands of statements (p95 latency went from 108 to 128 ms).
    """
    limit = max(COMMON_NAME_FLOOR, COMMON_NAME_SHARE * searcher.doc_count())
    out = []
    for item in clauses:
        stems = [s for c in getattr(item, "clauses", ()) for s in word_stems(c.text)]
        if stems and min(searcher.doc_frequency("text", s) for s in stems) > limit:
            out.extend(item.clauses)
        else:
            out.append(item)
    return out


def alias_notices(clauses: list, response: SearchResponse) -> None:
    for item in clauses:
        if isinstance(item, AliasExpansion) and item.names:
            typed = " ".join(c.text for c in item.clauses)
            response.notice(
                "aliases",
                _("«%(typed)s» also found as: %(names)s.")
                % {"typed": typed, "names": "، ".join(item.names[:8])},
            )


def correction_notice(response: SearchResponse, word: str, stem: str) -> None:
    message = _("Searched for «%(fixed)s» instead of «%(word)s».")
    response.notice("corrected", message % {"word": word, "fixed": stem})


def search(request: SearchRequest) -> SearchResponse:
    """Run one search; see the module docstring. Never raises on user input."""
    parsed = parse_query(request.q)
    response = SearchResponse(request)
    for message in parsed.notices:
        response.notice("query", message)
    try:
        filters = filter_queries(request, parsed)
    except FilterError as exc:
        response.notice("filter", str(exc))
        return response
    if request.q.strip() and not parsed.clauses and not filters:
        response.notice("empty", _("The query has no words to search for."))
        return response
    searcher = current_searcher()
    allowed = matching(searcher, wq.And(filters), None) if filters else None
    query, scores = run_query(searcher, parsed, allowed, response)
    response.count = len(scores)
    docs = set(scores)
    response.facets = facet_counts(searcher, docs)
    if request.timeline:
        response.months = month_counts(searcher, docs)
    if scores:
        response.hits = page_of_hits(searcher, query, scores, request, response.terms)
    elif parsed.positive:
        response.suggestion = suggestion(searcher, parsed.positive)
    return response


def matched_terms(q: str) -> QueryTerms:
    """What a search for ``q`` marks in a text, without counting or ranking.

    The statement page marks the words the search matched: corrected words,
    other names of an actor, other readings of a word.
    """
    response = SearchResponse(SearchRequest(q=q))
    run_query(current_searcher(), parse_query(q), None, response)
    return response.terms


@dataclass
class Attempt:
    """One way of reading the query's words, and what it finds."""

    builder: Builder
    query: wq.Query
    # Every statement found (index document numbers), with its score.
    docs: Scores


def attempt(searcher, clauses, negative, corrections, allowed, any_of=False) -> Attempt:
    builder = Builder(corrections=corrections, known=vocabulary(searcher))
    positive = [q for q in map(builder.build, clauses) if q is not None]
    query = builder.ranked(combine(positive, negative, any_of), searcher)
    # One pass finds and scores them all: the count, the facets and the page.
    return Attempt(builder, query, scored_documents(searcher, query, allowed))


def run_query(searcher, parsed, allowed, response) -> tuple[wq.Query, Scores]:
    """The words, corrected and with aliases, ANDed, or ORed if that finds nothing."""
    clauses = parsed.positive
    if response.request.aliases:
        clauses = rare_names_only(searcher, expand_aliases(clauses))
        alias_notices(clauses, response)
    negative = [q for q in map(Builder().build, parsed.negative) if q is not None]
    unknown = unknown_word_corrections(searcher, parsed.positive)
    corrections = {stem: fixed for stem, (_word, fixed) in unknown.items()}
    for word, fixed in unknown.values():
        correction_notice(response, word, fixed)
    best = attempt(searcher, clauses, negative, corrections, allowed)
    several = len(parsed.positive) > 1
    if not best.docs and several:
        for stem, word, alternative in alternatives(searcher, parsed.positive)[
            :MAX_TRIES
        ]:
            trial = attempt(
                searcher, clauses, negative, {**corrections, stem: alternative}, allowed
            )
            if trial.docs:
                best = trial
                correction_notice(response, word, alternative)
                break
    if not best.docs and several:
        best = attempt(searcher, clauses, negative, corrections, allowed, any_of=True)
        if best.docs:
            message = _(
                "No statement has all the words; showing those with any of them."
            )
            response.notice("any_word", message)
    response.terms = best.builder.terms()
    return best.query, best.docs


def page_of_hits(searcher, query, scores, request, terms) -> list[SearchHit]:
    page = max(1, request.page)
    # Without words to rank by, relevance means nothing: show the newest first.
    scored = not isinstance(query, wq.Every)
    sort = request.sort if scored or request.sort != "relevance" else "newest"
    limit, start = page * request.page_size, (page - 1) * request.page_size
    if sort == "relevance":
        best = top_documents(scores, limit)[start:]
    else:
        results = searcher.search(
            query, limit=limit, filter=set(scores), sortedby=sorted_by(sort)
        )
        best = [(hit.docnum, None) for hit in results[start:]]
    rows = [(searcher.stored_fields(doc)["django_id"], score) for doc, score in best]
    statements = Statement.objects.select_related("issuer", "type").in_bulk(
        [int(pk) for pk, _ in rows]
    )
    return [
        SearchHit(statements[int(pk)], score, snippets(statements[int(pk)].body, terms))
        for pk, score in rows
        if int(pk) in statements
    ]


def more_like_this(statement: Statement, limit: int = 5) -> list[Statement]:
    """Published statements whose key words are those of ``statement``."""
    searcher = current_searcher()
    docnum = searcher.document_number(id=identifier(statement.pk))
    if docnum is None:
        return []
    text = f"{statement.title}\n{statement.body}"
    results = searcher.more_like(docnum, "text", text=text, top=limit)
    ids = [int(hit["django_id"]) for hit in results]
    found = Statement.objects.published().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
