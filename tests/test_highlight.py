"""Highlights from token offsets: the marked text is exactly the original word."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from statements.arabic import word_stems
from statements.search.builder import exact_words
from statements.search.highlight import (
    highlight_spans,
    marked_paragraphs,
    marked_text,
    snippets,
)
from statements.search.query import QueryTerms


def terms_for(*words: str) -> QueryTerms:
    return QueryTerms(stems=frozenset(s for w in words for s in word_stems(w)))


def test_marked_span_is_the_original_word_with_its_diacritics():
    text = "تواصلُ قوّاتُ الأمنِ عملها"
    spans = highlight_spans(text, terms_for("الامن"))
    assert [text[s:e] for s, e in spans] == ["الأمنِ"]


def test_marks_survive_html_escaping():
    html = snippets("<b>محكمة</b> & «محكمة»", terms_for("محكمة"))[0]
    assert html == "&lt;b&gt;<mark>محكمة</mark>&lt;/b&gt; &amp; «<mark>محكمة</mark>»"


def test_phrase_marks_only_the_words_in_order():
    text = "محكمة دولية ثم دولية محكمة"
    spans = highlight_spans(text, QueryTerms(phrases=(exact_words("محكمة دولية"),)))
    assert [text[s:e] for s, e in spans] == ["محكمة دولية"]


def test_other_name_is_marked_only_where_its_words_follow_each_other():
    text = "وصل حسن روحاني، ثم تحدث حسن عن روحاني"
    terms = QueryTerms(stem_phrases=(tuple(word_stems("حسن روحاني")),))
    spans = highlight_spans(text, terms)
    assert [text[s:e] for s, e in spans] == ["حسن روحاني"]


def test_snippets_cut_with_ellipses_and_stop_at_three():
    text = " ".join(
        ["كلام"] * 200 + ["سجون"] + ["كلام"] * 200 + ["سجون"] + ["كلام"] * 400
    )
    found = snippets(text, terms_for("سجن"))
    assert len(found) == 2
    assert all(s.startswith("… ") and s.endswith(" …") for s in found)
    assert all("<mark>سجون</mark>" in s for s in found)


def test_without_a_match_the_opening_is_shown():
    assert snippets("نص قصير", terms_for("غائب")) == ["نص قصير"]


def test_whole_text_is_marked_paragraph_by_paragraph():
    paragraphs = marked_paragraphs("الأول سجون\n\nالثاني", terms_for("سجن"))
    assert paragraphs == ["الأول <mark>سجون</mark>", "الثاني"]


def test_a_title_is_marked_whole_and_escaped_like_the_snippets():
    title = "<script>alert(1)</script> قصفُ المخبزِ & «للمخبز»"
    marked = marked_text(title, terms_for("مخبز"))
    assert marked == (
        "&lt;script&gt;alert(1)&lt;/script&gt; قصفُ <mark>المخبزِ</mark>"
        " &amp; «<mark>للمخبز</mark>»"
    )
    assert snippets(title, terms_for("مخبز")) == [marked]


def test_a_title_without_a_match_comes_back_escaped_and_unmarked():
    assert marked_text("مطحنة <b>& طحين</b>", terms_for("بئر")) == (
        "مطحنة &lt;b&gt;&amp; طحين&lt;/b&gt;"
    )


@given(st.text(max_size=300), st.sampled_from(["سجن", "قوة", "a", "امن"]))
def test_spans_always_fall_inside_the_text(text, word):
    for start, end in highlight_spans(text, terms_for(word)):
        assert 0 <= start < end <= len(text)
    for snippet in snippets(text, terms_for(word)):
        plain = html.unescape(re.sub(r"</?mark>", "", snippet))
        assert plain.removeprefix("… ").removesuffix(" …") in text


def test_a_match_far_into_a_long_text_still_gets_its_snippet():
    text = "كلام " * 2000 + "سجون " + "كلام " * 50
    (snippet,) = snippets(text, terms_for("سجن"))
    assert "<mark>سجون</mark>" in snippet
