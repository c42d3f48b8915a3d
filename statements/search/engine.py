"""The seam between the search service and the engine (Whoosh): queries and a reader.

The service, the query builder, filters, facets and spelling reach the engine
only through this module; another engine (OpenSearch, say) would plug in
here, keeping these names and meanings. Queries are opaque values:

- ``term(field, text)``: a term (a stem, a normalized word, a keyword value);
- ``phrase(field, terms)``: terms at consecutive positions;
- ``prefix(field, text)``: any term that starts with ``text``;
- ``all_of(queries)``, ``any_of(queries)``: every one, at least one;
- ``excluding(query, excluded)``: ``query`` without what ``excluded`` matches;
- ``ranked(query, bonus)``: ``query``'s matches, higher where ``bonus`` matches;
- ``date_range(start, end)``: dated within the days (YYYYMMDD, either open);
- ``everything()``: every statement.

``current_reader()`` gives this thread's ``Reader`` of the index as it is now:
counts and frequencies, every match scored (BM25F, in one pass:
``scoring.py``), documents in date order (kept per index version), the
statements' database ids,
similar statements, the vocabulary, the documents of each keyword value (as
sets, and as arrays for counting: ``keywords.py``), and
a cache of values read from the whole index. Scores are ``Scores``
(``scored.py``: numpy arrays of documents and scores, also a mapping
{document: score}), and ``top_documents(scores, n)`` the best of them. Documents are the
engine's own numbers, meaningful for one reader only; ``statement_ids`` turns
them into the statements' ids.

Writing the index is ``backend.py``'s (haystack's Whoosh backend).

    >>> reader = current_reader()
    >>> scores = reader.scores(all_of([term("text", "سجن"), term("text", "حسك")]))
    >>> reader.statement_ids(sorted(scores))
"""

import threading
from array import array
from collections.abc import Callable, Collection, Sequence
from contextlib import suppress
from itertools import islice

import numpy as np
from haystack import connections
from whoosh import query as wq
from whoosh.reading import ReaderClosed
from whoosh.searching import Searcher

from .backend import identifier
from .cache import per_index_version
from .health import UNREADABLE, IndexUnreadable, index_state
from .keywords import KeywordTable
from .scored import Scores
from .scored import as_docnums as as_docnums  # part of the interface
from .scoring import scored_documents
from .scoring import top_documents as top_documents  # part of the interface

Query = wq.Query
# Fewer documents than 1/FEW_DOCUMENTS of the index are sorted by date rank
# rather than picked from the whole date order.
FEW_DOCUMENTS = 16
# Related statements: the best RELATED_TERMS of a text's RELATED_CANDIDATE_TERMS
# key terms that at most RELATED_MAX_STATEMENTS statements hold.
RELATED_TERMS = 5
RELATED_CANDIDATE_TERMS = 12
RELATED_MAX_STATEMENTS = 2000

# ------------------------------------------------------------------- queries


def term(field: str, text: str) -> Query:
    return wq.Term(field, text)


def phrase(field: str, terms: list[str]) -> Query:
    return wq.Phrase(field, terms)


def prefix(field: str, text: str) -> Query:
    return wq.Prefix(field, text)


def all_of(queries: list[Query]) -> Query:
    if not queries:
        return everything()
    return queries[0] if len(queries) == 1 else wq.And(queries)


def any_of(queries: list[Query]) -> Query:
    if not queries:
        return wq.NullQuery
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def excluding(query: Query, excluded: list[Query]) -> Query:
    return wq.AndNot(query, wq.Or(excluded)) if excluded else query


def ranked(query: Query, bonus: list[Query]) -> Query:
    return wq.AndMaybe(query, wq.Or(bonus)) if bonus else query


def date_range(start: int | None, end: int | None) -> Query:
    return wq.NumericRange("date", start, end)


def everything() -> Query:
    return wq.Every()


# -------------------------------------------------------------------- reader


class Reader:
    """What a search reads of the index (see the module docstring)."""

    def __init__(self, searcher: Searcher):
        self._searcher = searcher

    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def doc_frequency(self, field: str, text: str) -> int:
        return self._searcher.doc_frequency(field, text)

    def scores(self, query: Query, within: Collection[int] | None = None) -> Scores:
        """{document: score} of every match of ``query`` (within ``within``)."""
        return scored_documents(self._searcher, query, within)

    def matching(self, query: Query) -> set[int]:
        """The documents ``query`` matches, unscored (filters)."""
        return set(self._searcher.docs_for_query(query))

    def date_order(self, newest_first: bool) -> Sequence[int]:
        """Every document by date, newest (or oldest) first, undated ones last
        either way, ties in document order as Whoosh sorts them (once per
        index version: a page then costs what it shows)."""
        return self.cached(
            f"date_order:{newest_first}", lambda _: self._date_order(newest_first)
        )

    def _date_order(self, newest_first: bool) -> list[int]:
        dates, undated = self._column("date"), self._column("undated")
        sign = -1 if newest_first else 1
        # One integer key (undated ones after any date), sorted stably from
        # document order for the ties: five times faster than tuple keys.
        last = 1 << 40
        order = sorted(
            sorted(self.all_documents()),
            key=lambda doc: last if undated[doc] else sign * dates[doc],
        )
        # Arrays of machine integers: a tenth of a list's memory at 315k.
        return array("l", order)

    def _column(self, field: str) -> list:
        """A sortable field's value for every document, by document number.

        Read segment by segment: a whole-index column reader leaves out the
        segments that have no value of the field, and shifts the rest. Kept
        per index version: both date orders read the same two columns.
        """
        return self.cached(f"column:{field}", lambda _: self._read_column(field))

    def _read_column(self, field: str) -> list:
        values = []
        for sub, _offset in self._searcher.leaf_searchers():
            reader = sub.reader()
            # An index of no segment reads as one empty reader, without columns.
            if reader.doc_count_all():
                values.extend(reader.column_reader(field))
        return values

    def _date_ranks(self, newest_first: bool) -> Sequence[int]:
        """Each document's place in ``date_order``, by document number."""
        return self.cached(
            f"date_ranks:{newest_first}", lambda _: self._read_ranks(newest_first)
        )

    def _read_ranks(self, newest_first: bool) -> Sequence[int]:
        ranks = array("l", [-1]) * self._searcher.reader().doc_count_all()
        for rank, doc in enumerate(self.date_order(newest_first)):
            ranks[doc] = rank
        return ranks

    def by_date(
        self, docs: Collection[int] | None, newest_first: bool, start: int, stop: int
    ) -> list[int]:
        """``docs`` (None: every document) from ``start`` to ``stop`` in date order.

        A few documents are sorted by their place in the date order; many are
        picked from it in turn, which stops at ``stop`` (or, for a search's
        ``Scores``, picked from it at once with numpy).
        """
        order = self.date_order(newest_first)
        if docs is None:
            return order[start:stop].tolist()
        if isinstance(docs, Scores):
            wanted = np.zeros(self._searcher.reader().doc_count_all(), dtype=bool)
            wanted[docs.ids] = True
            ordered = np.frombuffer(order, dtype=order.typecode)
            return ordered[wanted[ordered]][start:stop].tolist()
        if len(docs) * FEW_DOCUMENTS < len(order):
            ranks = self._date_ranks(newest_first)
            return sorted(docs, key=ranks.__getitem__)[start:stop]
        return list(islice((doc for doc in order if doc in docs), start, stop))

    def statement_ids(self, docs: list[int]) -> list[int]:
        """The database ids of the statements of ``docs``, in the same order."""
        stored = self._searcher.stored_fields
        return [int(stored(doc)["django_id"]) for doc in docs]

    def more_like(self, statement_id: int, text: str, limit: int) -> list[int]:
        """Ids of the statements whose key words are those of ``text``.

        Whoosh's ``more_like`` query (its key terms, weighted), scored in one
        pass like every search, and only with key terms that at most
        ``RELATED_MAX_STATEMENTS`` statements hold: a common word (حكومة, in a
        fifth of the archive) adds little to what makes two statements
        alike, and reading its postings grew with the archive.
        """
        docnum = self._searcher.document_number(id=identifier(statement_id))
        if docnum is None:
            return []
        key_terms = [
            (word, weight)
            for word, weight in self._searcher.key_terms_from_text(
                "text", text, numterms=RELATED_CANDIDATE_TERMS
            )
            if self.doc_frequency("text", word) <= RELATED_MAX_STATEMENTS
        ][:RELATED_TERMS]
        if not key_terms:
            return []
        query = wq.Or([wq.Term("text", word, boost=w) for word, w in key_terms])
        scores = self.scores(query).without(np.array([docnum], dtype=np.int64))
        return self.statement_ids([doc for doc, _ in top_documents(scores, limit)])

    def cached(self, name: str, compute: Callable[["Reader"], object]):
        """``compute(self)``, kept under ``name`` until the index changes."""
        return per_index_version(name, self._searcher, lambda _: compute(self))

    def vocabulary(self, field: str) -> frozenset[str]:
        """Every term of ``field`` (read once per index version).

        Generating the edits of a word and looking them up here takes a
        millisecond; Whoosh's own ``terms_within`` walks the term table in
        Python, about a second per word on the full corpus.
        """
        lexicon = self._searcher.reader().lexicon
        return self.cached(
            f"vocabulary:{field}",
            lambda _: frozenset(t.decode("utf-8") for t in lexicon(field)),
        )

    def keyword_postings(self, field: str) -> dict[str, frozenset[int]]:
        """Each value of a keyword field with its documents (once per version)."""
        return self.cached(f"postings:{field}", lambda _: self._read_postings(field))

    def _read_postings(self, field: str) -> dict[str, frozenset[int]]:
        if field not in self._searcher.schema:
            return {}
        reader = self._searcher.reader()
        return {
            value.decode("utf-8"): frozenset(reader.postings(field, value).all_ids())
            for value in reader.lexicon(field)
        }

    def keyword_table(self, field: str) -> KeywordTable:
        """A keyword field's values per document, as arrays (once per version)."""
        return self.cached(
            f"keyword_table:{field}",
            lambda _: KeywordTable(
                self.keyword_postings(field), self._searcher.reader().doc_count_all()
            ),
        )

    def all_docnums(self) -> np.ndarray:
        """Every document (not deleted), sorted, as an array."""
        return self.cached("all_docnums", lambda _: as_docnums(self.all_documents()))

    def all_documents(self) -> frozenset[int]:
        return self.cached(
            "all_documents", lambda _: frozenset(self._searcher.reader().all_doc_ids())
        )


_local = threading.local()


def current_reader() -> Reader:
    """This thread's reader of the index, reopened only when the index changed.

    Opening a searcher reads every segment's term table (about 25 ms on the
    full corpus), more than a whole search should take. An index deleted or
    damaged under a running site raises ``IndexUnreadable`` (the pages answer
    503 until it is rebuilt), never one of Whoosh's own errors.
    """
    try:
        return Reader(_searcher())
    except (*UNREADABLE, ReaderClosed) as exc:
        _local.searcher = None
        path = connections["default"].get_backend().path
        raise IndexUnreadable(f"the index in {path} cannot be read: {exc!r}") from exc


def _searcher() -> Searcher:
    whoosh = connections["default"].get_backend()
    cached = getattr(_local, "searcher", None)
    if cached is not None and _local.path == whoosh.path and cached.up_to_date():
        return cached
    if cached is not None:
        # Closing a searcher whose files are gone may fail: it is dropped anyway.
        with suppress(*UNREADABLE, ReaderClosed):
            cached.close()
        _local.searcher = None
    if not whoosh.setup_complete:
        # haystack's setup() creates an empty index where there is none: a
        # thread that starts reading after the index was deleted would serve
        # an empty archive. Reading never creates one (``ensure_index`` does).
        index_state()
        whoosh.setup()
    # A new searcher rather than cached.refresh(): after rebuild_index the old
    # one's index is gone, and refreshing it fails inside Whoosh.
    _local.path, _local.searcher = whoosh.path, whoosh.index.refresh().searcher()
    return _local.searcher
