"""The one search service behind the HTML page, the JSON API and the command line.

    >>> response = search(SearchRequest(q="قسد الرقة", page_size=10))
    >>> response.count, [hit.statement.title for hit in response.hits]

Queries are parsed by ``query.py`` and analysed by ``arabic.py`` exactly like
the indexed text, then run on the Whoosh index with BM25F (the title weighs
three times). Words are ANDed; when that finds nothing they are ORed. A word the
index does not know is corrected to the closest indexed word (edit distance 1,
2 for long words). A name of an actor or place also finds its other names
(قسد finds "Syrian Democratic Forces") unless ``aliases=False``. Each such
change of the query is reported in ``notices``.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from haystack import connections
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.sorting import FieldFacet, MultiFacet

from .aliases import AliasExpansion, expand_aliases
from .arabic import analyze_token, lexicon, normalize_arabic, strip_prefixes, tokenize
from .facets import facet_counts
from .filters import FilterError, filter_queries
from .highlight import QueryTerms, snippets
from .models import Actor, Place, Statement, StatementType, Tag
from .query import AnyOf, Clause, parse_query

SEARCH_FIELDS = ("text", "title", "names")
PHRASE_FIELD = "exact"
SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100


@dataclass
class SearchRequest:
    q: str = ""
    page: int = 1
    page_size: int = 20
    issuer: str = ""
    type: str = ""
    tag: str = ""
    place: str = ""
    lang: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    aliases: bool = True


@dataclass
class Notice:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class SearchHit:
    statement: Statement
    score: float
    snippets: list[str]


@dataclass
class SearchResponse:
    request: SearchRequest
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    suggestion: str = ""
    terms: QueryTerms = field(default_factory=QueryTerms)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.request.page_size))

    def notice(self, code: str, message: str) -> None:
        self.notices.append(Notice(code, message))


# ----------------------------------------------------------- query building


def word_stems(text: str) -> list[str]:
    """The stems a word of the query stands for (none for a stopword)."""
    return [
        w.stem for t, _, _ in tokenize(text) for w in analyze_token(t) if not w.stopped
    ]


def exact_words(text: str) -> tuple[str, ...]:
    return tuple(w.exact for t, _, _ in tokenize(text) for w in analyze_token(t))


def any_field(stem: str) -> wq.Query:
    return wq.Or([wq.Term(name, stem) for name in SEARCH_FIELDS])


def prefix_stem(text: str) -> str:
    """A prefix* word, normalized and without its attached particles (وال…)."""
    word = normalize_arabic(text)
    if "\u0600" <= word[:1] <= "\u06ff":
        return strip_prefixes(word, lexicon().is_known)
    return word


@dataclass
class Builder:
    """Turns parsed clauses into Whoosh queries, collecting the terms to highlight."""

    corrections: dict[str, str] = field(default_factory=dict)
    stems: set[str] = field(default_factory=set)
    prefixes: list[str] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    stem_phrases: list[tuple[str, ...]] = field(default_factory=list)

    def build(self, item) -> wq.Query | None:
        if isinstance(item, AliasExpansion):
            return self.expansion(item)
        if isinstance(item, AnyOf):
            options = [q for q in map(self.build, item.clauses) if q is not None]
            return wq.Or(options) if options else None
        if item.phrase:
            return self.phrase(exact_words(item.text))
        if item.prefix:
            return self.prefix(prefix_stem(item.text))
        stems = [self.corrections.get(s, s) for s in word_stems(item.text)]
        self.stems.update(stems)
        return wq.And([any_field(s) for s in stems]) if stems else None

    def phrase(self, words: tuple[str, ...]) -> wq.Query | None:
        if not words:
            return None
        self.phrases.append(words)
        if len(words) == 1:
            return wq.Term(PHRASE_FIELD, words[0])
        return wq.Phrase(PHRASE_FIELD, list(words))

    def prefix(self, stem: str) -> wq.Query | None:
        if len(stem) < 2:
            return None
        self.prefixes.append(stem)
        return wq.Or([wq.Prefix(name, stem) for name in SEARCH_FIELDS])

    def expansion(self, expansion: AliasExpansion) -> wq.Query | None:
        """The words as typed, or any other name of the entity they name."""
        typed = [q for q in map(self.build, expansion.clauses) if q is not None]
        options = [wq.And(typed)] if typed else []
        for name in expansion.names:
            stems = word_stems(name)
            if len(stems) > 1:
                self.stem_phrases.append(tuple(stems))
                options.append(wq.Phrase("text", stems))
            elif stems:
                self.stems.add(stems[0])
                options.append(any_field(stems[0]))
        return wq.Or(options) if options else None

    def terms(self) -> QueryTerms:
        return QueryTerms(
            frozenset(self.stems),
            tuple(self.prefixes),
            tuple(self.phrases),
            tuple(self.stem_phrases),
        )


# --------------------------------------------------------------- the index


def open_searcher() -> Searcher:
    whoosh = connections["default"].get_backend()
    whoosh.setup()
    whoosh.index = whoosh.index.refresh()
    return whoosh.index.searcher()


def known(searcher: Searcher, stem: str) -> bool:
    return any(searcher.doc_frequency(name, stem) for name in SEARCH_FIELDS)


def correction(searcher: Searcher, clause: Clause) -> tuple[str, str] | None:
    """(stem, closest indexed stem) for a word the index does not know, else None."""
    stems = word_stems(clause.text)
    if len(stems) != 1 or known(searcher, stems[0]):
        return None
    length = len(normalize_arabic(clause.text))
    distance = 2 if length >= 9 else 1 if length >= 5 else 0
    if not distance:
        return None
    reader = searcher.reader()
    candidates = reader.terms_within("text", stems[0], distance, prefix=1)
    best = max(
        candidates, key=lambda t: (searcher.doc_frequency("text", t), t), default=None
    )
    return (stems[0], best) if best else None


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


def correct_words(
    searcher, clauses, builder: Builder, response: SearchResponse
) -> None:
    for clause in clauses:
        if isinstance(clause, Clause) and not (clause.phrase or clause.prefix):
            fixed = correction(searcher, clause)
            if fixed:
                builder.corrections[fixed[0]] = fixed[1]
                response.notice(
                    "corrected",
                    _("Nothing has «%(word)s»; searched for «%(fixed)s» instead.")
                    % {"word": clause.text, "fixed": fixed[1]},
                )


def with_aliases(clauses: list, response: SearchResponse) -> list:
    expanded = expand_aliases(clauses)
    for item in expanded:
        if isinstance(item, AliasExpansion) and item.names:
            typed = " ".join(c.text for c in item.clauses)
            response.notice(
                "aliases",
                _("«%(typed)s» also found as: %(names)s.")
                % {"typed": typed, "names": "، ".join(item.names[:8])},
            )
    return expanded


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
    if request.q.strip() and not parsed.clauses and not parsed.filters and not filters:
        response.notice("empty", _("The query has no words to search for."))
        return response
    with open_searcher() as searcher:
        builder = Builder()
        correct_words(searcher, parsed.positive, builder, response)
        clauses = (
            with_aliases(parsed.positive, response)
            if request.aliases
            else parsed.positive
        )
        positive = [q for q in map(builder.build, clauses) if q is not None]
        negative = [q for q in map(Builder().build, parsed.negative) if q is not None]
        allowed = matching(searcher, wq.And(filters), None) if filters else None
        query = combine(positive, negative, any_of=False)
        docs = matching(searcher, query, allowed)
        if not docs and len(positive) > 1:
            query = combine(positive, negative, any_of=True)
            docs = matching(searcher, query, allowed)
            if docs:
                response.notice(
                    "any_word",
                    _(
                        "No statement has all the words; "
                        "showing those with any of them."
                    ),
                )
        response.terms = builder.terms()
        response.count = len(docs)
        response.facets = facet_counts(searcher, docs)
        if not docs and parsed.positive:
            response.suggestion = suggestion(searcher, parsed.positive)
        if docs:
            response.hits = page_of_hits(
                searcher, query, allowed, request, response.terms
            )
    return response


def page_of_hits(searcher, query, allowed, request, terms) -> list[SearchHit]:
    page = max(1, request.page)
    # Without words to rank by, relevance means nothing: show the newest first.
    scored = not isinstance(query, wq.Every)
    sort = request.sort if scored or request.sort != "relevance" else "newest"
    results = searcher.search(
        query,
        limit=page * request.page_size,
        filter=allowed,
        sortedby=sorted_by(sort),
    )
    start = (page - 1) * request.page_size
    rows = [(hit["django_id"], hit.score or 0.0) for hit in results[start:]]
    statements = Statement.objects.select_related("issuer", "type").in_bulk(
        [int(pk) for pk, _ in rows]
    )
    return [
        SearchHit(statements[int(pk)], score, snippets(statements[int(pk)].body, terms))
        for pk, score in rows
        if int(pk) in statements
    ]


def suggestion(searcher: Searcher, clauses) -> str:
    """ "Did you mean": each word replaced by the closest word of the index, if any."""
    words, changed = [], False
    corrector = searcher.corrector("text")
    for clause in clauses:
        text = clause.text if isinstance(clause, Clause) else ""
        stems = word_stems(text) if text and not clause.phrase else []
        best = (
            corrector.suggest(stems[0], limit=1, maxdist=2) if len(stems) == 1 else []
        )
        if best and best[0] != stems[0]:
            words.append(best[0])
            changed = True
        elif text:
            words.append(text)
    return " ".join(words) if changed else ""


def more_like_this(statement: Statement, limit: int = 5) -> list[Statement]:
    """Published statements whose key words are those of ``statement``."""
    with open_searcher() as searcher:
        docnum = searcher.document_number(id=f"statements.statement.{statement.pk}")
        if docnum is None:
            return []
        text = f"{statement.title}\n{statement.body}"
        results = searcher.more_like(docnum, "text", text=text, top=limit)
        ids = [int(hit["django_id"]) for hit in results]
    found = Statement.objects.published().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def labelled_facets(facets: dict) -> dict[str, list[tuple[str, str, int]]]:
    """Facet values with a label: ids of actors, places and tags become names."""
    models = {"issuer": Actor, "place": Place, "tag": Tag}
    labels: dict[str, dict[str, str]] = {}
    for name, model in models.items():
        ids = [int(v) for v, _ in facets.get(name, []) if v.isdigit()]
        labels[name] = {
            str(pk): str(obj) for pk, obj in model.objects.in_bulk(ids).items()
        }
    labels["type"] = {t.code: str(t) for t in StatementType.objects.all()}
    return {
        name: [(v, labels.get(name, {}).get(v, v), n) for v, n in values]
        for name, values in facets.items()
    }
