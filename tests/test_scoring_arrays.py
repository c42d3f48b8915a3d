"""Scores and facet counts on numpy arrays give exactly what Whoosh and sets give.

On an index of a thousand documents (posting lists of many blocks, three
segments, deleted documents, ties), and on the database for facets.
"""

import datetime
import random
from itertools import pairwise

import numpy as np
import pytest
from whoosh import query as wq

from statements.models import Place, Statement
from statements.search import SearchRequest, postings, search
from statements.search.engine import current_reader
from statements.search.keywords import KeywordTable
from statements.search.postings import posting_arrays
from statements.search.scored import Scores, from_mapping
from statements.search.scoring import scored_documents, top_documents
from tests.factories import indexed, make_statement
from tests.test_scoring import add, whoosh_scores

WORDS = ["قصف", "الحسكة", "ريف", "القامشلي", "المعتقلين", "هدنة", "دمشق", "سجون"]
DOCUMENTS = 1200


def text(number: int) -> str:
    """Words drawn with a skew and repeated, so that weights and lengths vary
    (and, few words, many documents score the same: ties)."""
    rng = random.Random(number)
    words = [WORDS[min(int(rng.expovariate(0.5)), len(WORDS) - 1)] for _ in range(9)]
    return " ".join(words[: 3 + number % 7])


@pytest.fixture(scope="module")
def texts():
    return [text(n) for n in range(DOCUMENTS)]


@pytest.fixture
def searcher(search_index, texts):
    """Three segments (none merged), every 13th document deleted."""
    search_index.setup()
    index = search_index.index
    thirds = (0, 500, 900, DOCUMENTS)
    for start, stop in pairwise(thirds):
        writer = index.writer()
        for number in range(start, stop):
            add(writer, number, texts[number], named_every=3)
        writer.commit(merge=False)
    writer = index.writer()
    for number in range(0, DOCUMENTS, 13):
        writer.delete_by_term("id", f"statements.statement.{number}")
    writer.commit(merge=False)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 3
        yield searcher


def either(stem: str) -> wq.Or:
    return wq.Or([wq.Term("text", stem), wq.Term("title", stem)])


QUERIES = {
    "term": wq.Term("text", "حسك"),
    "or": wq.Or([either("قصف"), either("ريف"), either("هدن")]),
    "and": wq.And([either("قصف"), either("حسك")]),
    "and not": wq.AndNot(either("قصف"), wq.Or([wq.Term("text", "ريف")])),
    "and maybe": wq.AndMaybe(either("حسك"), wq.Or([wq.Term("exact", "قصف")])),
    "phrase": wq.Phrase("text", ["ريف", "حسك"]),
    "another phrase": wq.Phrase("text", ["حسك", "قصف"]),
}


@pytest.mark.parametrize("field", ["text", "exact", "title", "names"])
def test_posting_arrays_hold_what_whooshs_matcher_reads(searcher, field, monkeypatch):
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for btext in reader.lexicon(field):
            matcher = reader.postings(field, btext)
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight()))
                matcher.next()
            ids, weights = posting_arrays(reader, field, btext)
            assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected
            # A block whose positions start later than the bound still reads.
            monkeypatch.setattr(postings, "_PICKLED_POSTING", 0)
            again = posting_arrays(reader, field, btext)
            monkeypatch.undo()
            assert np.array_equal(again[0], ids) and np.array_equal(again[1], weights)


def test_the_posting_lists_are_long_and_have_deleted_documents(searcher):
    reader = searcher.leaf_searchers()[0][0].reader()
    assert reader.has_deletions()
    assert reader.doc_frequency("text", "قصف".encode()) > 3 * 128  # several blocks


@pytest.mark.parametrize("name", QUERIES)
def test_scores_of_a_thousand_documents_are_whooshs_own(searcher, name):
    expected = whoosh_scores(searcher, QUERIES[name])
    found = scored_documents(searcher, QUERIES[name])
    assert len(expected) > 20
    assert list(found) == sorted(expected)
    assert found == pytest.approx(expected, rel=1e-12)
    allowed = set(list(expected)[::3]) | {1, 2, 3}  # some not matching
    within = scored_documents(searcher, QUERIES[name], allowed)
    assert dict(within) == {doc: found[doc] for doc in allowed if doc in found}


def test_the_best_documents_and_their_ties_come_as_whoosh_orders_them(searcher):
    found = scored_documents(searcher, QUERIES["or"])
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    assert len({score for _doc, score in ranked[:60]}) < 60  # ties among them
    for limit in (0, 1, 10, 59, 60, len(found), len(found) + 5):
        assert top_documents(found, limit) == ranked[:limit]
        assert top_documents(dict(found), limit) == ranked[:limit]


def test_scores_read_as_a_mapping_of_documents():
    scores = from_mapping({9: 0.5, 2: 1.5, 4: 1.0})
    assert list(scores) == [2, 4, 9] and len(scores) == 3 and scores
    assert 4 in scores and 5 not in scores and scores[9] == 0.5
    assert scores == {2: 1.5, 4: 1.0, 9: 0.5} and scores != {2: 1.5}
    with pytest.raises(KeyError):
        scores[5]
    assert dict(scores.without(np.array([4]))) == {2: 1.5, 9: 0.5}
    assert not Scores(np.zeros(0, dtype=np.int64), np.zeros(0))


def test_changing_a_searchs_scores_leaves_the_kept_phrases_alone(searcher):
    phrase = QUERIES["another phrase"]
    first = scored_documents(searcher, phrase)
    first.scores[:] = 0.0  # as service.actors_first raises some
    assert scored_documents(searcher, phrase) == pytest.approx(
        whoosh_scores(searcher, phrase), rel=1e-12
    )


@pytest.mark.parametrize("seed", range(5))
def test_keyword_tables_count_as_set_intersections(seed):
    rng = random.Random(seed)
    documents = 300
    several = {  # 0 to 3 values a document
        f"v{n}": frozenset(d for d in range(documents) if rng.random() < 0.2)
        for n in range(8)
    }
    single = {f"s{n}": frozenset(range(n, documents, 7)) for n in range(6)}
    for values in (several, single, {}):
        table = KeywordTable(values, documents)
        for size in (0, 1, 40, 150, documents):
            docs = sorted(rng.sample(range(documents), size))
            counts = table.counts(np.array(docs, dtype=np.int64)).tolist()
            assert counts == [len(values[v] & set(docs)) for v in values]
        assert table.sizes.tolist() == [len(ids) for ids in values.values()]


@pytest.mark.django_db
def test_facets_count_what_the_database_holds():
    places = [Place.objects.create(name_ar=f"مكان {n}") for n in range(4)]
    for n in range(30):
        statement = make_statement("قصف" if n % 5 else "هدنة")
        statement.places.add(*places[: n % 4])  # none to three places
    indexed(*Statement.objects.all())
    for q in ("قصف", "هدنة"):  # most of the archive (the rest counted), a few
        response = search(SearchRequest(q=q))
        found = Statement.objects.filter(body=q)
        assert response.count == found.count()
        expected = sorted(
            (
                (str(place.pk), found.filter(places=place).count())
                for place in places
                if found.filter(places=place).exists()
            ),
            key=lambda pair: (-pair[1], pair[0]),
        )
        assert response.facets["place"] == expected


@pytest.mark.django_db
def test_a_searchs_scores_are_put_in_date_order_as_a_set_of_them_is():
    for n in range(40):
        day = datetime.date(2020, 1 + n % 12, 1 + n % 5) if n % 7 else None
        precision = "day" if day else "unknown"
        body = "قصف" if n % 3 else "هدنة"
        make_statement(body, date_issued=day, date_precision=precision)
    indexed(*Statement.objects.all())
    reader = current_reader()
    scores = reader.scores(wq.Term("text", "قصف"))
    assert len(scores) == 26
    for newest in (True, False):
        by_set = reader.by_date(set(scores), newest, 0, 40)
        assert len(by_set) == 26
        assert reader.by_date(scores, newest, 0, 40) == by_set
        assert reader.by_date(scores, newest, 5, 9) == by_set[5:9]
