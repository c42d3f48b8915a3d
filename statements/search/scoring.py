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
lengths; ``tests/test_scoring.py`` compares them). Phrases are their words'
postings intersected, positions read only for the documents left. A boosted
term's scores are multiplied, as Whoosh does. Other queries (prefixes,
boosted groups: the query builder makes neither often) are scored by
Whoosh's own matchers.
"""

import heapq
import threading
from collections import OrderedDict
from collections.abc import Collection

from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .cache import per_index_version
from .postings import blocks, blocks_with_values, field_lengths

Scores = dict[int, float]
# Phrases whose matches are kept per index version (see _phrase_scores).
PHRASES = 256
_phrases_lock = threading.Lock()


def scored_documents(
    searcher: Searcher, query: wq.Query, allowed: Collection[int] | None = None
) -> Scores:
    """{docnum: score} of every document ``query`` matches (within ``allowed``)."""
    if not isinstance(searcher.weighting, BM25F):
        return _whoosh_scores(searcher, query, allowed)
    return _scores(searcher, query, allowed)


def top_documents(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score), ties in document order as in Whoosh."""
    if len(scores) > limit > 0:
        # The lowest score that makes the cut, from the bare floats: far
        # cheaper than a key function on each of tens of thousands of items.
        floor = heapq.nlargest(limit, scores.values())[-1]
        scores = {doc: s for doc, s in scores.items() if s >= floor}
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _scores(searcher: Searcher, query: wq.Query, within) -> Scores:
    """``query``'s scores, only for documents in ``within`` when it is not None."""
    kind = type(query)
    if kind is wq.Term:
        scores = _term_scores(searcher, query.fieldname, query.text, within)
        # Whoosh multiplies a boosted term's scores (more_like's key terms).
        boost = query.boost
        return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}
    if getattr(query, "boost", 1.0) != 1.0 and kind is not wq.Every:
        return _whoosh_scores(searcher, query, within)
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
    if kind is wq.Phrase:
        return _phrase_scores(searcher, query, within)
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
    """Every document (not deleted), all with the same score, as Whoosh's."""
    if within is not None:
        return dict.fromkeys(within, score)
    return {
        offset + doc: score
        for sub, offset in searcher.leaf_searchers()
        for doc in sub.reader().all_doc_ids()
    }


def _all_of(searcher: Searcher, queries, within) -> Scores:
    """Documents matching every query, summed: the rarest first, so each next
    query is only scored on the documents still in the running; queries with
    a phrase last, as reading positions costs more than reading a posting."""
    reader = searcher.reader()
    queries = sorted(queries, key=lambda q: (_has_phrase(q), q.estimate_size(reader)))
    found = _scores(searcher, queries[0], within)
    for query in queries[1:]:
        if not found:
            break
        more = _scores(searcher, query, found)
        found = {doc: s + more[doc] for doc, s in found.items() if doc in more}
    return found


def _has_phrase(query: wq.Query) -> bool:
    return isinstance(query, wq.Phrase) or any(map(_has_phrase, query.children()))


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
    segments = _segments_with(searcher, fieldname, text)
    if not segments:
        return {}  # (and Whoosh's idf() would divide by zero on an empty index)
    if not searcher.schema[fieldname].scorable:
        return _whoosh_scores(searcher, wq.Term(fieldname, text), within)
    idf = searcher.idf(fieldname, text)
    k1_plus_1 = searcher.weighting.K1 + 1
    found: Scores = {}
    for number, reader, offset, btext in segments:
        norms = _length_norms(searcher)[number][fieldname]
        for ids, weights in blocks(reader, fieldname, btext, offset, within):
            found.update(
                {
                    offset + doc: idf * ((w * k1_plus_1) / (w + norms[doc]))
                    for doc, w in zip(ids, weights, strict=True)
                    if within is None or offset + doc in within
                }
            )
    return found


def _segments_with(searcher: Searcher, fieldname: str, text: str) -> list[tuple]:
    """(number, reader, docnum offset, term bytes) of the segments with the term."""
    if fieldname not in searcher.schema:
        return []
    btext = searcher.schema[fieldname].to_bytes(text)
    return [
        (number, sub.reader(), offset, btext)
        for number, (sub, offset) in enumerate(searcher.leaf_searchers())
        if (fieldname, btext) in sub.reader()
    ]


def _phrase_scores(searcher: Searcher, phrase: wq.Phrase, within) -> Scores:
    """Documents with the words at consecutive positions, as Whoosh's ``Phrase``
    finds them (``SpanNear2``, slop 1), scored as Whoosh does: the sum of the
    words' scores. The rarest word first, so the others are read only on the
    documents that have it.

    A phrase's matches in the whole index are kept (the last ``PHRASES`` of
    the index version): the other names of an actor are phrases of common
    words, searched again by each correction a search tries and by every
    search for the actor.
    """
    name, words = phrase.fieldname, list(phrase.words)
    if phrase.slop != 1 or phrase.boost != 1.0 or not searcher.schema[name].scorable:
        return _whoosh_scores(searcher, phrase, within)
    kept = per_index_version("phrases", searcher, lambda _: OrderedDict())
    key = (name, tuple(words))
    with _phrases_lock:
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
    if found is not None:
        if within is None:
            return dict(found)
        if len(within) < len(found):
            return {doc: found[doc] for doc in within if doc in found}
        return {doc: s for doc, s in found.items() if doc in within}
    found = _matching_phrase(searcher, name, words, within)
    if within is None:
        with _phrases_lock:
            kept[key] = dict(found)
            while len(kept) > PHRASES:
                kept.popitem(last=False)
    return found


def _matching_phrase(searcher: Searcher, name: str, words: list[str], within) -> Scores:
    scores: dict[str, Scores] = {}
    candidates = within
    for word in sorted(set(words), key=lambda w: searcher.doc_frequency(name, w)):
        scores[word] = _term_scores(searcher, name, word, candidates)
        candidates = scores[word].keys()
        if not candidates:
            return {}
    positions = {word: _positions(searcher, name, word, candidates) for word in scores}
    return {
        doc: sum(scores[word][doc] for word in words)
        for doc in candidates
        if _in_order(words, [positions[word][doc] for word in words])
    }


def _in_order(words: list[str], positions: list[list[int]]) -> bool:
    """Whether some position of the first word is followed by each next word."""
    following = [set(p) for p in positions[1:]]
    return any(
        all(start + i in later for i, later in enumerate(following, 1))
        for start in positions[0]
    )


def _positions(searcher: Searcher, fieldname: str, text: str, docs) -> dict:
    """{docnum: [positions]} of the term in each of ``docs``."""
    decode = searcher.schema[fieldname].format.decode_positions
    found = {}
    for _number, reader, offset, btext in _segments_with(searcher, fieldname, text):
        read = blocks_with_values(reader, fieldname, btext, offset, docs)
        for ids, _weights, values in read:
            found.update(
                {
                    offset + doc: decode(value)
                    for doc, value in zip(ids, values, strict=True)
                    if offset + doc in docs
                }
            )
    return found


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
            # A length of 0 (an empty field) never meets a term of that field.
            norms[name] = [
                k1 * ((1 - b) + b * length / average) if length else 0.0
                for length in field_lengths(reader, name)
            ]
        segments.append(norms)
    return segments


def _whoosh_scores(searcher: Searcher, query: wq.Query, within) -> Scores:
    """Scores from Whoosh's own matchers, for the query types not handled above.

    With ``within``, the matcher jumps from one wanted document to the next
    (a phrase of common words is then checked on a few documents, not all).
    """
    found: Scores = {}
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        if within is None:
            while matcher.is_active():
                found[offset + matcher.id()] = matcher.score()
                matcher.next()
            continue
        end = offset + sub.doc_count_all()
        for doc in sorted(d - offset for d in within if offset <= d < end):
            if not matcher.is_active():
                break
            matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                found[offset + doc] = matcher.score()
    return found
