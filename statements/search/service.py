"""The one search service behind the HTML page, the JSON API and the command line.

    >>> response = search(SearchRequest(q="قسد الرقة", page_size=10))
    >>> response.count, [hit.statement.title for hit in response.hits]

Queries are parsed by ``query.py`` and analysed by ``statements.arabic`` exactly
like the indexed text, built into engine queries (``builder.py``), then run
through the engine's reader (``engine.py``) with BM25F (the title weighs three
times), every match scored in one pass. Words are ANDed; when that finds
nothing they are ORed. A word the index does not know is searched as the
indexed words it may be (a typo's corrections, another spelling of a name),
kept where the other words find them (``corrections.py``).
A name of an actor or place also finds its other names (قسد finds "Syrian
Democratic Forces") unless ``aliases=False``. Each such change of the query is
reported in ``notices``. A search of an actor's name (any of them, quoted or
not; or of several actors' names) ranks first the statements the actor or its
parts issued, then those about it (``actors_first``).
"""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from ..models import Actor, Statement
from . import engine
from .aliases import expand_aliases
from .builder import Builder
from .corrections import (
    Correction,
    notices,
    other_readings,
    readings,
    unknown_words,
)
from .engine import Query, Reader, Scores, as_docnums, current_reader, top_documents
from .facets import facet_counts, month_counts
from .filters import FilterError, filter_queries, with_descendants
from .highlight import marked_text, snippets
from .query import AliasExpansion, QueryTerms, parse_query
from .request import SearchHit, SearchRequest, SearchResponse
from .spelling import suggestion
from .variants import joined_compounds


def combine(positive: list[Query], negative: list[Query], any_of: bool) -> Query:
    main = engine.any_of(positive) if any_of else engine.all_of(positive)
    return engine.excluding(main, negative)


def named_actors(clauses: list) -> set[int]:
    """The actors a query of names only names, and their parts (the SDF's
    General Command).

    Names only: many names are also words (العربية is Al Arabiya, الشرق الأوسط
    a newspaper), and «الجامعة العربية» is not a search for Al Arabiya.
    """
    if not clauses or not all(getattr(item, "actors", ()) for item in clauses):
        return set()
    ids = {pk for item in clauses for pk in item.actors}
    return with_descendants(Actor, ids)


def actors_first(reader: Reader, scores: Scores, actors: set[int]) -> None:
    """Rank the statements the actors issued first, then those about them,
    each group in its order of relevance: a tier's bonus is the best score."""
    if not actors or not scores:
        return
    bonus = float(scores.scores.max())
    done = np.zeros(len(scores), dtype=bool)
    for field, tier in (("issuer", 2), ("actors", 1)):
        postings = reader.keyword_postings(field)
        for actor in actors:
            at = scores.positions(as_docnums(postings.get(str(actor), ())))
            at = at[~done[at]]
            scores.scores[at] += tier * bonus
            done[at] = True


def alias_notices(clauses: list, response: SearchResponse) -> None:
    for item in clauses:
        if isinstance(item, AliasExpansion) and item.names:
            typed = " ".join(c.text for c in item.clauses)
            response.notice(
                "aliases",
                _("«%(typed)s» also found as: %(names)s.")
                % {"typed": typed, "names": "، ".join(item.names[:8])},
            )


def correction_notices(response: SearchResponse, fixes: list[Correction]) -> None:
    for code, message in notices(fixes):
        response.notice(code, message)


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
    reader = current_reader()
    allowed = reader.matching(engine.all_of(filters)) if filters else None
    if not parsed.clauses:
        return listing(reader, allowed, response)
    best = run_query(reader, parsed, allowed, response)
    count(reader, best.docs, response)
    if best.docs:
        response.hits = page_of_hits(reader, best, request, response.terms)
    elif parsed.positive:
        response.suggestion = suggestion(reader, parsed.positive)
    return response


def listing(reader, allowed: set[int] | None, response) -> SearchResponse:
    """No words: every statement the filters allow, by date, nothing to score.

    What a page of it costs does not grow with the archive: the date order is
    kept per index version, and counting every statement reads set sizes.
    """
    count(reader, reader.all_documents() if allowed is None else allowed, response)
    request = response.request
    start = (max(1, request.page) - 1) * request.page_size
    docs = reader.by_date(
        allowed, request.sort != "oldest", start, start + request.page_size
    )
    response.hits = hits(reader, [(doc, None) for doc in docs], response.terms)
    return response


def count(reader, docs, response) -> None:
    """The number of results, their facets and (if asked for) their timeline."""
    response.count = len(docs)
    response.facets = facet_counts(reader, docs)
    if response.request.timeline:
        response.months = month_counts(reader, docs)


def matched_terms(q: str) -> QueryTerms:
    """What a search for ``q`` marks in a text, without counting or ranking.

    The statement page marks the words the search matched: corrected words,
    other names of an actor, other readings of a word.
    """
    response = SearchResponse(SearchRequest(q=q))
    run_query(current_reader(), parse_query(q), None, response)
    return response.terms


@dataclass
class Attempt:
    """One way of reading the query's words, and what it finds."""

    builder: Builder
    query: Query
    # Every statement found (the engine's document numbers), with its score.
    docs: Scores
    # Whether words rank the statements (without any, relevance means nothing).
    ranked: bool


def attempt(reader, clauses, negative, corrections, allowed, any_of=False) -> Attempt:
    builder = Builder(corrections=corrections, known=reader.vocabulary("text"))
    positive = [q for q in map(builder.build, clauses) if q is not None]
    query = builder.ranked(combine(positive, negative, any_of), reader)
    # One pass finds and scores them all: the count, the facets and the page.
    return Attempt(builder, query, reader.scores(query, allowed), bool(positive))


def run_query(reader, parsed, allowed, response) -> Attempt:
    """The words, corrected and with aliases, ANDed, or ORed if that finds nothing.

    A word no statement has is searched as its readings that the other words'
    statements hold (``corrections.py``); when the words together still find
    nothing, every word's other readings are tried; then any of the words.
    """
    clauses, actors = parsed.positive, set()
    if response.request.aliases:
        # Every name, however common: سوريا also finds Syria and سورية (the
        # matches of the other names' phrases are kept, see scoring.py).
        clauses = expand_aliases(clauses)
        actors = named_actors(clauses)
        alias_notices(clauses, response)
    clauses = joined_compounds(reader, clauses)
    negative = [q for q in map(Builder().build, parsed.negative) if q is not None]
    fixes = unknown_words(reader, clauses, allowed)
    best = attempt(reader, clauses, negative, readings(fixes), allowed)
    several = len(parsed.positive) > 1
    if not best.docs and several:
        more = other_readings(reader, clauses, fixes, allowed)
        trial = attempt(reader, clauses, negative, readings(fixes + more), allowed)
        if trial.docs:
            best, fixes = trial, fixes + more
    if not best.docs and several:
        best = attempt(reader, clauses, negative, readings(fixes), allowed, any_of=True)
        if best.docs:
            message = _(
                "No statement has all the words; showing those with any of them."
            )
            response.notice("any_word", message)
    correction_notices(response, fixes)
    if best.ranked:
        actors_first(reader, best.docs, actors)
    response.terms = best.builder.terms()
    return best


def page_of_hits(reader, best: Attempt, request, terms) -> list[SearchHit]:
    page = max(1, request.page)
    # Without words to rank by, relevance means nothing: show the newest first.
    sort = request.sort if best.ranked or request.sort != "relevance" else "newest"
    limit, start = page * request.page_size, (page - 1) * request.page_size
    if sort == "relevance":
        found = top_documents(best.docs, limit)[start:]
    else:
        docs = reader.by_date(best.docs, sort == "newest", start, limit)
        found = [(doc, None) for doc in docs]
    return hits(reader, found, terms)


def hits(reader, found: list[tuple[int, float | None]], terms) -> list[SearchHit]:
    """The statements of (document, score) pairs, in order, with their snippets
    and marked titles: only the page's statements are marked."""
    ids = reader.statement_ids([doc for doc, _ in found])
    scores = dict(zip(ids, (score for _doc, score in found), strict=True))
    return [
        SearchHit(
            statement,
            scores[statement.pk],
            snippets(statement.body, terms),
            marked_text(statement.title, terms),
        )
        for statement in Statement.objects.in_order(ids)
    ]


def more_like_this(statement: Statement, limit: int = 5) -> list[Statement]:
    """Published statements whose key words are those of ``statement``."""
    text = f"{statement.title}\n{statement.body}"
    ids = current_reader().more_like(statement.pk, text, limit)
    return Statement.objects.published().in_order(ids)
