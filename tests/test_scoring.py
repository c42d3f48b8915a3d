"""One-pass scoring gives exactly what Whoosh's own matchers give, on a real index."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher

from statements.search import postings
from statements.search.compatibility import check_engine
from statements.search.postings import blocks, blocks_with_values, field_lengths
from statements.search.scoring import scored_documents, top_documents

TEXTS = [
    "قصف القوات التركية قرى ريف الحسكة",
    "القوات الأمريكية في الحسكة والقامشلي",
    "اجتماع في القامشلي حول المعتقلين",
    "قصف مدفعي على ريف الحسكة الشمالي وقصف جوي",
    "بيان حول المعتقلين في سجون الحسكة",
    "القوات التركية تقصف القامشلي",
    "مؤتمر صحفي في دمشق",
]


def add(writer, number: int, text: str, named_every: int = 2) -> None:
    """A document as the index holds a statement; one in ``named_every`` names none."""
    writer.add_document(
        id=f"statements.statement.{number}",
        django_ct="statements.statement",
        django_id=str(number),
        text=text,
        exact=text,
        title=text.split()[0],
        names="قوات سوريا الديمقراطية" if number % named_every else "",
    )


@pytest.fixture
def searcher(search_index):
    """Three segments (none merged) and a deleted document, as after edits."""
    search_index.setup()
    index = search_index.index
    for batch in (TEXTS[:3], TEXTS[3:5], TEXTS[5:]):
        writer = index.writer()
        for text in batch:
            add(writer, TEXTS.index(text), text)
        writer.commit(merge=False)
    writer = index.writer()
    writer.delete_by_term("id", "statements.statement.1")
    writer.commit(merge=False)
    with index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 3
        yield searcher


def whoosh_scores(searcher, query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}


def term(field: str, text: str) -> wq.Term:
    return wq.Term(field, text)


def either(stem: str) -> wq.Or:
    return wq.Or([term("text", stem), term("names", stem)])


QUERIES = {
    "term": term("text", "حسك"),
    "term in a boosted field": term("title", "قصف"),
    "term of a deleted document only": term("text", "امريك"),
    "or": either("قامشل"),
    "and": wq.And([either("قوه"), either("حسك"), either("قصف")]),
    "and maybe": wq.AndMaybe(
        wq.And([either("حسك"), either("قصف")]),
        wq.Or([term("title", "قصف"), term("exact", "الحسكة")]),
    ),
    "and not": wq.AndNot(either("قامشل"), wq.Or([term("text", "معتقل")])),
    "phrase in an or": wq.Or([either("ريف"), wq.Phrase("text", ["ريف", "حسك"])]),
    "phrase in an and": wq.And(
        [either("قصف"), wq.Or([wq.Phrase("text", ["ريف", "حسك"]), either("قامشل")])]
    ),
    "prefix": wq.Prefix("text", "قام"),
    "boosted": wq.Or([wq.Term("text", "حسك", boost=2.0), either("ريف")]),
    "every": wq.Every(),
    "no such word": wq.And([either("حسك"), either("غاءب")]),
}


FINDING_NOTHING = {"term of a deleted document only", "no such word"}


@pytest.mark.parametrize("name", QUERIES)
def test_scores_are_whooshs_own(searcher, name):
    expected = whoosh_scores(searcher, QUERIES[name])
    found = scored_documents(searcher, QUERIES[name])
    assert bool(expected) is (name not in FINDING_NOTHING)
    assert found.keys() == expected.keys()
    assert found == pytest.approx(expected, rel=1e-12)


def test_skipping_blocks_changes_no_score(searcher, monkeypatch):
    expected = {name: scored_documents(searcher, q) for name, q in QUERIES.items()}
    monkeypatch.setattr(postings, "SKIP_RATIO", 10**9)  # skip whenever possible
    assert {n: scored_documents(searcher, q) for n, q in QUERIES.items()} == expected


def test_deleted_documents_are_not_found(searcher):
    assert scored_documents(searcher, term("text", "امريك")) == {}


def test_allowed_documents_only(searcher):
    everything = scored_documents(searcher, either("حسك"))
    allowed = set(list(everything)[:2])
    assert scored_documents(searcher, either("حسك"), allowed) == {
        doc: everything[doc] for doc in allowed
    }


def test_top_documents_best_first_then_in_document_order():
    scores = {7: 1.0, 3: 2.5, 5: 1.0, 1: 0.5, 9: 1.0}
    assert top_documents(scores, 3) == [(3, 2.5), (5, 1.0), (7, 1.0)]
    assert top_documents(scores, 10) == [
        (3, 2.5),
        (5, 1.0),
        (7, 1.0),
        (9, 1.0),
        (1, 0.5),
    ]


@pytest.fixture
def long_lists(search_index):
    """300 documents in one segment: posting lists of three blocks."""
    search_index.setup()
    writer = search_index.index.writer()
    for number in range(300):
        # The same weight everywhere (قصف), or weights that vary (الحسكة).
        add(writer, number, "قصف " + "الحسكة " * (1 + number % 3) + "ريف")
    writer.commit()
    with search_index.index.searcher() as searcher:
        yield searcher


@pytest.mark.parametrize("field", ["text", "exact", "title"])
def test_blocks_hold_what_whooshs_matcher_reads(long_lists, field):
    reader = long_lists.reader()
    for btext in reader.lexicon(field):
        matcher = reader.postings(field, btext)
        expected = []
        while matcher.is_active():
            expected.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        found = [
            posting
            for columns in blocks_with_values(reader, field, btext)
            for posting in zip(*columns, strict=True)
        ]
        assert found == expected
        found = [
            posting
            for columns in blocks(reader, field, btext)
            for posting in zip(*columns, strict=True)
        ]
        assert found == [(doc, weight) for doc, weight, _ in expected]


def test_long_lists_score_as_in_whoosh(long_lists):
    for query in (
        wq.And([either("حسك"), either("قصف")]),
        wq.Phrase("text", ["حسك", "ريف"]),
    ):
        assert scored_documents(long_lists, query) == pytest.approx(
            whoosh_scores(long_lists, query), rel=1e-12
        )


def test_field_lengths_are_whooshs_own(searcher):
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for name in ("text", "exact", "title", "names"):
            expected = [
                reader.doc_field_length(doc, name) or 0
                for doc in range(reader.doc_count_all())
            ]
            assert any(expected)
            assert field_lengths(reader, name) == expected


def test_the_start_up_check_accepts_the_installed_whoosh():
    check_engine()  # raises ImproperlyConfigured otherwise


def test_a_whoosh_without_the_internals_read_stops_with_the_version_to_install(
    monkeypatch,
):
    # As if another release had renamed the private method postings.py calls.
    monkeypatch.delattr(W3LeafMatcher, "_read_values")
    with pytest.raises(ImproperlyConfigured) as raised:
        check_engine()
    message = str(raised.value)
    assert "pip install whoosh-reloaded==2.7.5" in message
    assert "_read_values" in message
