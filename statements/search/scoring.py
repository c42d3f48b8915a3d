"""BM25F scores of every document a query matches, in one pass over whole posting lists.

    >>> scores = scored_documents(searcher, query)   # Scores: ids and scores
    >>> top_documents(scores, 20)                     # [(docnum, score)], best first

Whoosh scores a query by stepping a tree of matchers one posting at a time
(several method calls per posting and level), and a search needs a second pass
for the count and the facets. Here a term's posting list is read whole into
numpy arrays (docnums, weights) and scored in one vectorized expression with
each segment's length norms (an array per field, kept per index version);
``And``, ``Or``, ``AndMaybe`` and ``AndNot`` combine the resulting arrays
(``Or`` on arrays as long as the index, ``And`` by binary search on the
sorted docnums). One pass gives the matching documents and every score,
which also makes the top of the ranking exact (Whoosh's block skipping in
``TopCollector`` misses a better document now and then). Scores are added in
the same order as before numpy (a query's parts in turn), so they are the
same floats, not only close ones.

The scores are Whoosh's BM25F (same formula, statistics and encoded field
lengths; ``tests/test_scoring.py`` compares them). Phrases are their words'
postings intersected, positions read only for the documents left. A boosted
term's scores are multiplied, as Whoosh does. Other queries (prefixes,
boosted groups: the query builder makes neither often) are scored by
Whoosh's own matchers.
"""

import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .cache import per_index_version
from .postings import blocks_with_values, field_lengths, posting_arrays
from .scored import Scores, as_docnums, from_mapping

# Phrases whose matches are kept per index version (see _phrase_scores).
PHRASES = 256
_phrases_lock = threading.Lock()
_NOTHING = Scores(np.zeros(0, dtype=np.int64), np.zeros(0))


def scored_documents(
    searcher: Searcher, query: wq.Query, allowed: Collection[int] | None = None
) -> Scores:
    """The scores of every document ``query`` matches (within ``allowed``)."""
    within = None if allowed is None else as_docnums(allowed)
    if not isinstance(searcher.weighting, BM25F):
        return _whoosh_scores(searcher, query, within)
    found = _scores(searcher, query, within)
    # The caller may change the scores (service.actors_first): never a kept array.
    return Scores(found.ids, found.scores.copy())


def top_documents(scores: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score), ties in document order as in Whoosh."""
    if not isinstance(scores, Scores):
        scores = from_mapping(scores)
    ids, values = scores.ids, scores.scores
    if len(values) > limit > 0:
        # The lowest score that makes the cut, then only those sorted.
        floor = np.partition(values, len(values) - limit)[len(values) - limit]
        kept = values >= floor
        ids, values = ids[kept], values[kept]
    order = np.lexsort((ids, -values))[:limit]
    return list(zip(ids[order].tolist(), values[order].tolist(), strict=True))


def _scores(searcher: Searcher, query: wq.Query, within) -> Scores:
    """``query``'s scores, only for documents in ``within`` (sorted docnums)
    when it is not None: each result holds only documents of ``within``."""
    kind = type(query)
    if kind is wq.Term:
        scores = _term_scores(searcher, query.fieldname, query.text, within)
        # Whoosh multiplies a boosted term's scores (more_like's key terms).
        boost = query.boost
        return scores if boost == 1.0 else Scores(scores.ids, scores.scores * boost)
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
        bonus = _scores(searcher, query.b, required.ids)
        values = required.scores.copy()
        values[np.searchsorted(required.ids, bonus.ids)] += bonus.scores
        return Scores(required.ids, values)
    if kind is wq.Phrase:
        return _phrase_scores(searcher, query, within)
    if kind is wq.Every and query.fieldname is None:
        return _every(searcher, query.boost, within)
    if kind is wq.AndNot:
        kept = _scores(searcher, query.a, within)
        if not kept:
            return kept
        excluded = _scores(searcher, query.b, kept.ids)
        return kept.without(excluded.ids)
    return _whoosh_scores(searcher, query, within)


def _every(searcher: Searcher, score: float, within) -> Scores:
    """Every document (not deleted), all with the same score, as Whoosh's."""
    ids = _all_documents(searcher) if within is None else within
    return Scores(ids, np.full(len(ids), score, dtype=np.float64))


def _all_documents(searcher: Searcher) -> np.ndarray:
    return per_index_version(
        "scoring:all_docnums",
        searcher,
        lambda _: np.fromiter(searcher.reader().all_doc_ids(), dtype=np.int64),
    )


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
        more = _scores(searcher, query, found.ids)  # only documents of found
        at = np.searchsorted(found.ids, more.ids)
        found = Scores(more.ids, found.scores[at] + more.scores)
    return found


def _has_phrase(query: wq.Query) -> bool:
    return isinstance(query, wq.Phrase) or any(map(_has_phrase, query.children()))


def _any_of(searcher: Searcher, queries, within) -> Scores:
    """Documents matching any query, summed in the queries' order: on arrays
    as long as the index (one slot a document), as cheap as it gets in numpy."""
    found = [s for s in (_scores(searcher, q, within) for q in queries) if s]
    if len(found) < 2:
        return found[0] if found else _NOTHING
    total = np.zeros(searcher.doc_count_all(), dtype=np.float64)
    matched = np.zeros(len(total), dtype=bool)
    for more in found:
        total[more.ids] += more.scores
        matched[more.ids] = True
    ids = np.flatnonzero(matched)
    return Scores(ids, total[ids])


def _term_scores(searcher: Searcher, fieldname: str, text: str, within) -> Scores:
    """BM25F of one term: ``bm25()`` of ``whoosh.scoring``, with the field
    length part of the formula computed once per document (``_length_norms``)."""
    segments = _segments_with(searcher, fieldname, text)
    if not segments:
        return _NOTHING  # (and Whoosh's idf() would divide by zero on an empty index)
    if not searcher.schema[fieldname].scorable:
        return _whoosh_scores(searcher, wq.Term(fieldname, text), within)
    idf = searcher.idf(fieldname, text)
    k1_plus_1 = searcher.weighting.K1 + 1
    all_ids, all_scores = [], []
    for number, reader, offset, btext in segments:
        norms = _length_norms(searcher)[number][fieldname]
        ids, weights = posting_arrays(reader, fieldname, btext, offset, within)
        all_scores.append(idf * ((weights * k1_plus_1) / (weights + norms[ids])))
        all_ids.append(ids + offset)
    found = Scores(np.concatenate(all_ids), np.concatenate(all_scores))
    return found if within is None else found.within(within)


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
        return found if within is None else found.within(within)
    found = _matching_phrase(searcher, name, words, within)
    if within is None:
        with _phrases_lock:
            kept[key] = found
            while len(kept) > PHRASES:
                kept.popitem(last=False)
    return found


def _matching_phrase(searcher: Searcher, name: str, words: list[str], within) -> Scores:
    scores: dict[str, Scores] = {}
    candidates = within
    for word in sorted(set(words), key=lambda w: searcher.doc_frequency(name, w)):
        scores[word] = _term_scores(searcher, name, word, candidates)
        candidates = scores[word].ids
        if not len(candidates):
            return _NOTHING
    # Each word's scores on the documents left, added in the phrase's order.
    total = np.zeros(len(candidates), dtype=np.float64)
    for word in words:
        total += scores[word].scores[np.searchsorted(scores[word].ids, candidates)]
    wanted = set(candidates.tolist())
    positions = {word: _positions(searcher, name, word, wanted) for word in scores}
    kept = np.fromiter(
        (
            _in_order(words, [positions[word][doc] for word in words])
            for doc in candidates.tolist()
        ),
        dtype=bool,
        count=len(candidates),
    )
    return Scores(candidates[kept], total[kept])


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


def _length_norms(searcher: Searcher) -> list[dict[str, np.ndarray]]:
    """Per segment and scorable field, ``K1 * ((1 - B) + B * length / average)``
    for every document, as ``bm25()`` computes it (read once per index version)."""
    return per_index_version("length_norms", searcher, _read_length_norms)


def _read_length_norms(searcher: Searcher) -> list[dict[str, np.ndarray]]:
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
            lengths = np.array(field_lengths(reader, name), dtype=np.int64)
            norms[name] = np.where(
                lengths > 0, k1 * ((1 - b) + b * lengths / average), 0.0
            )
        segments.append(norms)
    return segments


def _whoosh_scores(searcher: Searcher, query: wq.Query, within) -> Scores:
    """Scores from Whoosh's own matchers, for the query types not handled above.

    With ``within``, the matcher jumps from one wanted document to the next
    (a phrase of common words is then checked on a few documents, not all).
    """
    found: dict[int, float] = {}
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        if within is None:
            while matcher.is_active():
                found[offset + matcher.id()] = matcher.score()
                matcher.next()
            continue
        end = offset + sub.doc_count_all()
        low, high = np.searchsorted(within, (offset, end))
        for doc in (within[low:high] - offset).tolist():
            if not matcher.is_active():
                break
            matcher.skip_to(doc)
            if matcher.is_active() and matcher.id() == doc:
                found[offset + doc] = matcher.score()
    return from_mapping(found)
