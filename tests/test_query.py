"""The query language parser: operators, filters, and any input at all."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from statements.search.query import MAX_QUERY_LENGTH, AnyOf, Clause, parse_query


def test_words_phrases_exclusions_and_prefixes():
    parsed = parse_query("قسد «التحالف الدولي» -تركيا ديمقراط*")
    assert parsed.clauses == [
        Clause("قسد"),
        Clause("التحالف الدولي", phrase=True),
        Clause("تركيا", negated=True),
        Clause("ديمقراط", prefix=True),
    ]


def test_or_groups_neighbouring_clauses():
    assert parse_query("سجن OR معتقل OR أسير").clauses == [
        AnyOf((Clause("سجن"), Clause("معتقل"), Clause("أسير")))
    ]


def test_filters_and_date_ranges():
    parsed = parse_query(
        'issuer:"قوات سوريا الديمقراطية" type:statement lang:ar date:2019-03..2020'
    )
    assert parsed.filters == {
        "issuer": ["قوات سوريا الديمقراطية"],
        "type": ["statement"],
        "lang": ["ar"],
    }
    assert (parsed.date_from, parsed.date_to) == (
        datetime.date(2019, 3, 1),
        datetime.date(2020, 12, 31),
    )


def test_bad_date_filter_is_ignored_with_a_notice():
    parsed = parse_query("date:yesterday قسد")
    assert parsed.date_from is None
    assert parsed.clauses == [Clause("قسد")]
    assert parsed.notices


def test_unbalanced_quote_takes_the_rest_as_a_phrase():
    assert parse_query('"محكمة دولية').clauses == [Clause("محكمة دولية", phrase=True)]


def test_long_input_is_cut_with_a_notice():
    parsed = parse_query("قسد " * 5000)
    assert sum(len(c.text) + 1 for c in parsed.clauses) <= MAX_QUERY_LENGTH + 1
    assert parsed.notices


@given(st.text(max_size=600))
def test_parsing_never_raises_on_any_text(text):
    parsed = parse_query(text)
    for clause in parsed.clauses:
        assert isinstance(clause, Clause | AnyOf)
