"""BM25F scores of every document a query matches, in one pass over whole posting lists.

    >>> scores = scored_documents(searcher, query)   # {docnum: score}
    >>> top_documents(scores, 20)                     # [(docnum, score)], best first

Whoosh scores a query by stepping a tree of matchers one posting at a time
(several method calls per posting and level), and a search needs a second pass
for the count and the facets. Here a term's posting list is read a block at a
time and scored in a comprehension; ``And``, ``Or``, ``AndMaybe`` and ``AndNot``
combine the resulting dicts. One pass gives the set of matching documents and
every score, which also makes the top of the ranking exact (Whoosh's block
skipping in ``TopCollector`` misses a better document now and then).

The scores are Whoosh's BM25F (same formula, statistics and encoded field
lengths; ``tests/test_scoring.py`` compares them). Other query types (phrases,
prefixes, ``Every``) are scored by Whoosh's own matchers.
"""

import heapq
from bisect import bisect_left
from collections.abc import Collection, Iterator
from itertools import accumulate, repeat

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .search_backend import per_index_version

Scores = dict[int, float]
# Blocks of a posting list are skipped (not decoded) when it is this many
# times longer than the set of documents still wanted.
SKIP_RATIO = 4


def scored_documents(
    searcher: Searcher, query: wq.Query, allowed: Collection[int] | None = None
) -> Scores:
    """{docnum: score} of every document ``query`` matches (within ``allowed``)."""
    if not isinstance(searcher.weighting, BM25F):
        return _whoosh_scores(searcher, query, allowed)
    return _scores(searcher, query, allowed)


def top_documents(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score), ties in document order as in Whoosh."""
    return heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))


def _scores(searcher: Searcher, query: wq.Query, within) -> Scores:
    """``query``'s scores, only for documents in ``within`` when it is not None."""
    kind = type(query)
    if kind is wq.Term:
        return _term_scores(searcher, query.fieldname, query.text, within)
    if kind is wq.And:
        return _all_of(searcher, query.subqueries, within)
    if kind is wq.Or:
        return _any_of(searcher, query.subqueries, within)
    if kind is wq.AndMaybe:
        required = _scores(searcher, query.a, within)
        if not required:
            return required
        bonus = _scores(searcher, query.b, required)
        return {doc: s + bonus.get(doc, 0.0) for doc, s in required.items()}
    if kind is wq.Every and query.fieldname is None:
        return _every(searcher, query.boost, within)
    if kind is wq.AndNot:
        kept = _scores(searcher, query.a, within)
        if not kept:
            return kept
        excluded = _scores(searcher, query.b, kept)
        return {doc: s for doc, s in kept.items() if doc not in excluded}
    return _whoosh_scores(searcher, query, within)


def _every(searcher: Searcher, score: float, within) -> Scores:
    if within is not None:
        return dict.fromkeys(within, score)
    return {
        offset + doc: score
        for sub, offset in searcher.leaf_searchers()
        for doc in sub.reader().all_doc_ids()
    }


def _all_of(searcher: Searcher, queries, within) -> Scores:
    """Documents matching every query, summed: the rarest first, so each next
    query is only scored on the documents still in the running."""
    reader = searcher.reader()
    queries = sorted(queries, key=lambda q: q.estimate_size(reader))
    found = _scores(searcher, queries[0], within)
    for query in queries[1:]:
        if not found:
            break
        more = _scores(searcher, query, found)
        found = {doc: s + more[doc] for doc, s in found.items() if doc in more}
    return found


def _any_of(searcher: Searcher, queries, within) -> Scores:
    found: Scores = {}
    for query in queries:
        more = _scores(searcher, query, within)
        if not found:
            found = dict(more)
            continue
        get = found.get
        for doc, s in more.items():
            found[doc] = get(doc, 0.0) + s
    return found


def _term_scores(searcher: Searcher, fieldname: str, text: str, within) -> Scores:
    """BM25F of one term: ``bm25()`` of ``whoosh.scoring``, with the field
    length part of the formula computed once per document (``_length_norms``)."""
    schema = searcher.schema
    if fieldname not in schema:
        return {}
    field = schema[fieldname]
    btext = field.to_bytes(text)
    if not field.scorable:
        return _whoosh_scores(searcher, wq.Term(fieldname, text), within)
    segments = [
        (number, sub.reader(), offset)
        for number, (sub, offset) in enumerate(searcher.leaf_searchers())
        if (fieldname, btext) in sub.reader()
    ]
    if not segments:
        return {}  # (and Whoosh's idf() would divide by zero on an empty index)
    idf = searcher.idf(fieldname, text)
    k1_plus_1 = searcher.weighting.K1 + 1
    found: Scores = {}
    for number, reader, offset in segments:
        norms = _length_norms(searcher)[number][fieldname]
        for ids, weights in _blocks(reader, fieldname, btext, offset, within):
            found.update(
                {
                    offset + doc: idf * ((w * k1_plus_1) / (w + norms[doc]))
                    for doc, w in zip(ids, weights, strict=True)
                    if within is None or offset + doc in within
                }
            )
    return found


def _blocks(
    reader, fieldname: str, btext: bytes, offset: int, within
) -> Iterator[tuple[list[int], object]]:
    """(segment docnums, weights) of a posting list, a block at a time, without
    deleted documents; blocks that hold none of ``within`` are not decoded.

    Reads the blocks of Whoosh 3's ``W3LeafMatcher`` (private attributes:
    whoosh-reloaded is pinned to 2.7.x); any other matcher is read posting
    by posting.
    """
    matcher = reader.postings(fieldname, btext)
    deleted = frozenset()
    if isinstance(matcher, FilterMatcher):
        matcher, deleted = matcher.child, reader.deleted_docs_set
    if not isinstance(matcher, W3LeafMatcher):
        yield _posting_by_posting(matcher, deleted)
        return
    # Skipping blocks pays when few documents are wanted from a long list.
    skip = within is not None and len(within) * SKIP_RATIO < reader.doc_frequency(
        fieldname, btext
    )
    wanted = sorted(d - offset for d in within) if skip else None
    first = 0
    while matcher.is_active():
        last = matcher._maxid
        if wanted is None or _any_between(wanted, first, last):
            ids, weights = _decoded_block(matcher)
            if deleted:
                kept = [i for i, d in enumerate(ids) if d not in deleted]
                ids, weights = [ids[i] for i in kept], [weights[i] for i in kept]
            yield ids, weights
        first = last + 1
        matcher._next_block()


def _any_between(sorted_ids: list[int], low: int, high: int) -> bool:
    i = bisect_left(sorted_ids, low)
    return i < len(sorted_ids) and sorted_ids[i] <= high


def _decoded_block(matcher: W3LeafMatcher) -> tuple[list[int], object]:
    """The docnums and weights of the current block (see ``W3LeafMatcher``)."""
    matcher._read_data()
    deltas, weights = matcher._data[0], matcher._data[1]
    ids = list(accumulate(deltas))
    if weights is None:
        weights = repeat(1.0, len(ids))
    elif isinstance(weights, float):
        weights = repeat(weights, len(ids))
    return ids, list(weights)


def _posting_by_posting(matcher, deleted) -> tuple[list[int], list[float]]:
    ids, weights = [], []
    while matcher.is_active():
        if matcher.id() not in deleted:
            ids.append(matcher.id())
            weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _length_norms(searcher: Searcher) -> list[dict[str, list[float]]]:
    """Per segment and scorable field, ``K1 * ((1 - B) + B * length / average)``
    for every document, as ``bm25()`` computes it (read once per index version)."""
    return per_index_version("length_norms", searcher, _read_length_norms)


def _read_length_norms(searcher: Searcher) -> list[dict[str, list[float]]]:
    weighting = searcher.weighting
    k1 = weighting.K1
    segments = []
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        norms = {}
        for name, field in searcher.schema.items():
            if not field.scorable:
                continue
            b = weighting._field_B.get(name, weighting.B)
            average = searcher.avg_field_length(name) or 1
            lengths = (
                reader.doc_field_length(doc, name, 1)
                for doc in range(reader.doc_count_all())
            )
            # A length of None (an empty field) never meets a term of that field.
            norms[name] = [
                k1 * ((1 - b) + b * length / average) if length else 0.0
                for length in lengths
            ]
        segments.append(norms)
    return segments


def _whoosh_scores(searcher: Searcher, query: wq.Query, within) -> Scores:
    """Scores from Whoosh's own matchers, for the query types not handled above."""
    found: Scores = {}
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            found[offset + matcher.id()] = matcher.score()
            matcher.next()
    if within is not None:
        return {doc: s for doc, s in found.items() if doc in within}
    return found
