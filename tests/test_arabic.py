"""Tests for statements.arabic: tokenizing, normalization, stemming, Whoosh analyzers.

Pure functions: no database and no Django settings are needed.
"""

import pickle
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from whoosh.analysis import Token
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser
from whoosh.query import Prefix, Term

from statements.arabic import (
    exact_terms,
    index_terms,
    light_stem,
    normalize_arabic,
    normalized_and_stems,
    normalized_text,
    stem_alternatives,
    tokenize,
    word_stems,
)
from statements.arabic.lexicon import read_pairs, read_words
from statements.search.analyzers import ArabicAnalyzer, ArabicExactAnalyzer


def words(text: str) -> list[str]:
    return [word for word, _, _ in tokenize(text)]


def term(word: str) -> str:
    """The stemmed index term of one word, as indexing and querying compute it."""
    terms = [text for text, _, _ in index_terms(word)]
    assert len(terms) == 1, f"{word!r} gave {terms}"
    return terms[0]


def terms(text: str) -> list[str]:
    return [text for text, _, _ in index_terms(text)]


# ------------------------------------------------------------------ tokenize


def test_token_span_covers_diacritics_and_tatweel():
    text = "إن قوّاتُ الأمـــن"
    assert list(tokenize(text)) == [("إن", 0, 2), ("قوّاتُ", 3, 9), ("الأمـــن", 10, 18)]


def test_zwnj_stays_inside_a_word():
    assert words("می\u200cخواهم") == ["می\u200cخواهم"]


@pytest.mark.parametrize(
    "separator",
    ["، ", "؛", "؟", "«", "»", "…", '"', "'", "(", ")", "[", "]", "-", "–", "—", "/",
     "\\", ".", ",", ":", "!", "\n", "\t", "\u00a0", "\u200b", "_", "٪"],
)  # fmt: skip
def test_punctuation_and_whitespace_separate_words(separator):
    assert words(f"غزة{separator}رفح") == ["غزة", "رفح"]


def test_presentation_forms_are_word_characters():
    assert words("ﺍﻟﻌﺮﺑﻴﺔ ﻻ") == ["ﺍﻟﻌﺮﺑﻴﺔ", "ﻻ"]


def test_emoji_and_symbols_are_not_words():
    assert words("سلام 🕊️ ✓ © € ♥ +") == ["سلام"]


def test_letters_and_digits_of_any_script_are_words():
    assert words("Ελλάδα Россия 中国 ٢٠١٨ 2018 ۱۳۹۷") == [
        "Ελλάδα", "Россия", "中国", "٢٠١٨", "2018", "۱۳۹۷",
    ]  # fmt: skip


def test_arabic_and_latin_letters_form_separate_words():
    assert words("لـCNN وBBC") == ["لـ", "CNN", "و", "BBC"]


def test_latin_combining_accents_stay_in_the_word():
    decomposed = unicodedata.normalize("NFD", "résumé")
    assert words(decomposed) == [decomposed]


# ----------------------------------------------------------------- normalize


def test_presentation_forms_fold_to_base_letters():
    assert normalize_arabic("ﺍﻟﻌﺮﺑﻴﺔ") == normalize_arabic("العربية") == "العربيه"


def test_lam_alef_ligatures_fold_to_two_letters():
    assert normalize_arabic("ﻻ ﻷ ﻹ ﻵ") == "لا لا لا لا"


def test_compatibility_digits_and_letters_fold():
    assert normalize_arabic("２０１８ ﬁ ²") == "2018 fi 2"


def test_combining_hamza_composes_onto_its_seat():
    assert normalize_arabic("ا\u0654مين") == normalize_arabic("أمين") == "امين"
    assert normalize_arabic("مسو\u0654ول") == normalize_arabic("مسؤول")
    assert normalize_arabic("ي\u0654") == normalize_arabic("ئ") == "ء"
    assert normalize_arabic("ى\u0654") == "ء"


def test_diacritics_are_removed():
    assert normalize_arabic("قُوَّاتٌ ٱلْأَمْنِ") == "قوات الامن"
    assert normalize_arabic("رَحْمٰن ۖ") == "رحمن "


def test_tatweel_is_removed():
    assert normalize_arabic("الأمـــــن") == "الامن"


def test_bidi_controls_are_removed():
    controls = (
        "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
    )
    assert normalize_arabic(f"غ{controls}زة") == "غزه"


def test_zero_width_characters_are_removed():
    assert normalize_arabic("غ\u200bز\u200c\u200dة\ufeff") == "غزه"


def test_alef_forms_fold_to_bare_alef():
    assert {normalize_arabic(w) for w in ("أمن", "إمن", "آمن", "ٱمن", "امن")} == {"امن"}


def test_alef_maksura_folds_to_yeh():
    assert normalize_arabic("مستشفى") == normalize_arabic("مستشفي") == "مستشفي"


def test_teh_marbuta_folds_to_heh():
    assert normalize_arabic("غزة") == normalize_arabic("غزه") == "غزه"


def test_hamza_seats_fold_to_bare_hamza():
    assert normalize_arabic("مسؤول") == normalize_arabic("مسئول") == "مسءول"
    assert len({normalize_arabic(w) for w in ("زملاؤه", "زملائه", "زملاءه")}) == 1


def test_hamza_seats_do_not_fold_to_waw_and_yeh():
    # فيه (in it) and فئة (a group) are different words.
    assert normalize_arabic("فيه") != normalize_arabic("فئة")
    assert normalize_arabic("ولاية") != normalize_arabic("ولائه")


def test_persian_yeh_and_keheh_fold():
    assert normalize_arabic("کیف") == normalize_arabic("كيف")
    assert normalize_arabic("ېۍ") == "يي"


def test_urdu_heh_and_yeh_barree_fold():
    assert normalize_arabic("ہھەۀۃے") == "هههههي"


def test_persian_letters_for_foreign_sounds_fold():
    assert normalize_arabic("پچژڤگڭ") == "بجزفكك"


def test_arabic_indic_and_persian_digits_fold():
    assert normalize_arabic("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"


def test_latin_is_lowercased():
    assert normalize_arabic("CNN Reuters") == "cnn reuters"


def test_normalize_is_idempotent_on_arabic():
    once = normalize_arabic("الإِمَارَاتُ ﻻ مسئوليّة ٢٠١٨")
    assert normalize_arabic(once) == once


def test_normalized_text_joins_normalized_words_with_single_spaces():
    assert normalized_text("  قوّاتُ «الأمن»،\n\nاليوم  ") == "قوات الامن اليوم"


def test_normalized_text_is_the_same_for_spelling_variants():
    assert normalized_text("مسؤولية الإمارات") == normalized_text("مسئوليه الامارات")


def test_ligature_that_expands_to_several_words_gives_several_words():
    assert normalized_text("ﷺ") == "صلي الله عليه وسلم"


# ------------------------------------------------------------------ stemming


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("وللأمن", "امن"),
        ("فبالنسبة", "نسب"),
        ("والقوات", "قوه"),
        ("وبالتالي", "تال"),
        ("كالعادة", "عاد"),
        ("فالمشكلة", "مشكل"),
        ("وللمعتقلين", "معتقل"),
        ("بسجونهم", "سجن"),
    ],
)
def test_stacked_prefixes_are_stripped(word, stem):
    assert term(word) == stem


@pytest.mark.parametrize(
    "family",
    [
        ("والقوات", "قوات", "القوة", "قوة", "بالقوة", "قواتها"),
        ("المعتقلين", "معتقلي", "معتقل", "المعتقلون", "لمعتقليهم"),
        ("الحكومة", "حكومتها", "حكومته", "وحكومات", "للحكومة"),
        ("سجون", "السجون", "بسجونهم", "سجن", "والسجن"),
        ("الأمريكية", "أمريكي", "الأميركيين", "أميركية"),
    ],
)
def test_attached_and_inflected_forms_share_one_term(family):
    assert len({term(word) for word in family}) == 1, [term(w) for w in family]


@pytest.mark.parametrize(
    "family",
    [
        ("ولد", "الولد", "وولد"),
        ("فلسطين", "وفلسطين", "لفلسطين", "بفلسطين"),
        ("بريطانيا", "لبريطانيا", "وبريطانيا", "ببريطانيا"),
        ("لبنان", "للبنان", "ولبنان", "بلبنان"),
        ("كتاب", "الكتاب", "بكتاب", "كتابه"),
        ("الله", "والله", "بالله", "لله"),
        ("وزير", "الوزير", "ووزير", "لوزير", "وزيرها"),
        ("فريق", "الفريق", "وفريق", "فريقه"),
        ("بالغ", "البالغ", "وبالغ"),
        ("والد", "الوالد", "ووالده"),
        ("واشنطن", "لواشنطن", "وواشنطن"),
    ],
)
def test_words_that_begin_with_clitic_letters_keep_them(family):
    assert len({term(word) for word in family}) == 1, [term(w) for w in family]
    assert term(family[0])[0] == normalize_arabic(family[0])[0]


@pytest.mark.parametrize(
    ("name", "word"),
    [("حماة", "حماية"), ("الحديدة", "الحديد"), ("درعا", "درع"), ("بوتين", "بوت")],
)
def test_place_and_person_names_do_not_fall_onto_words(name, word):
    assert term(name) != term(word)
    assert term("ب" + name) == term("و" + name) == term(name)


@pytest.mark.parametrize(
    ("word", "stem"), [("ولد", "ولد"), ("بحر", "بحر"), ("كان", "كان")]
)
def test_prefix_stripping_keeps_at_least_three_letters(word, stem):
    assert light_stem(normalize_arabic(word)) == stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("مهم", "مهم"),
        ("بيتها", "بيت"),
        ("ذكي", "ذكي"),
        ("لبنان", "لبنان"),
        ("سلمان", "سلمان"),
    ],
)
def test_suffix_stripping_keeps_short_stems_and_names_ending_in_an(word, stem):
    assert light_stem(normalize_arabic(word)) == stem


def test_teh_marbuta_written_teh_before_a_pronoun_comes_back():
    assert term("منطقتنا") == term("منطقة") == term("مناطق")


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("سجون", "سجن"),
        ("قتلى", "قتيل"),
        ("مناطق", "منطقة"),
        ("دول", "دولة"),
        ("جنود", "جندي"),
        ("أسلحة", "سلاح"),
        ("مدن", "مدينة"),
        ("قوى", "قوة"),
        ("شعوب", "شعب"),
        ("أطراف", "طرف"),
        ("عناصر", "عنصر"),
        ("فصائل", "فصيل"),
        ("قادة", "قائد"),
    ],
)
def test_broken_plurals_fold_to_their_singular(plural, singular):
    assert term(plural) == term(singular)
    assert term("و" + "ال" + plural) == term(singular)


def test_every_broken_plural_row_gives_plural_and_singular_one_term():
    rows = read_pairs("broken_plurals.tsv")
    assert len(rows) >= 400
    assert [(p, s) for p, s in rows if term(p) != term(s)] == []


def test_every_spelling_variant_row_gives_both_spellings_one_term():
    rows = read_pairs("spelling_variants.tsv")
    assert len(rows) >= 100
    assert [(v, c) for v, c in rows if term(v) != term(c)] == []


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("الأميركيين", "الأمريكيين"),
        ("والديموقراطية", "الديمقراطية"),
        ("لترمب", "ترامب"),
        ("لأميركا", "أمريكا"),
        ("بوتن", "بوتين"),
        ("جوجل", "غوغل"),
        ("إنكلترا", "إنجلترا"),
        ("الإنكليزية", "الإنجليزية"),
    ],
)
def test_spelling_variants_with_prefixes_and_suffixes_meet(variant, canonical):
    assert term(variant) == term(canonical)


def test_data_files_need_no_rows_that_normalization_already_joins():
    for name in ("broken_plurals.tsv", "spelling_variants.tsv"):
        rows = read_pairs(name)
        assert [
            r for r in rows if normalize_arabic(r[0]) == normalize_arabic(r[1])
        ] == []
        assert len({normalize_arabic(left) for left, _ in rows}) == len(rows)


def test_stopword_file_is_normalized():
    stopwords = read_words("stopwords_ar.txt")
    assert [w for w in stopwords if normalize_arabic(w) != w] == []
    assert {"في", "من", "علي", "الي", "عن", "ان", "التي", "الذي", "هذا", "هذه"} <= set(
        stopwords
    )


def test_stopwords_are_dropped_from_the_stemmed_analysis_only():
    text = "في هذه المدينة وقد قال إن"
    assert terms(text) == [term("المدينة"), "قال"]
    assert [t for t, _, _ in exact_terms(text)] == normalized_text(text).split()


def test_clitics_written_apart_are_not_terms():
    assert terms("قالت الـCNN وللـ«حزب»") == ["قالت", "cnn", "حزب"]


def test_english_words_get_the_english_stemmer():
    assert terms("Fighters were running statements") == [
        "fighter", "were", "run", "statement",
    ]  # fmt: skip


def test_digits_and_other_scripts_pass_through_unstemmed():
    assert terms("٢٠١٨ 2018 Россия") == ["2018", "2018", "россия"]


def test_index_terms_point_at_the_original_words():
    text = "«وللأمنِ» في بِسجونهم"
    assert [(t, text[s:e]) for t, s, e in index_terms(text)] == [
        ("امن", "وللأمنِ"),
        ("سجن", "بِسجونهم"),
    ]


def test_exact_terms_keep_every_word_unstemmed():
    text = "في بِسجونهم"
    assert list(exact_terms(text)) == [("في", 0, 2), ("بسجونهم", 3, 11)]


# -------------------------------------------------------------------- Whoosh


def analyze(analyzer, text, **kwargs):
    return [
        (t.text, t.pos, t.startchar, t.endchar, t.stopped)
        for t in analyzer(text, positions=True, chars=True, **kwargs)
    ]


def test_analyzer_positions_count_dropped_stopwords():
    assert [(t, p) for t, p, *_ in analyze(ArabicAnalyzer(), "قوات في غزة")] == [
        ("قوه", 0),
        ("غزه", 2),
    ]


def test_analyzer_chars_are_offsets_into_the_value_plus_start_char():
    text = "«القواتُ» هنا"
    (token,) = analyze(ArabicAnalyzer(), text, start_char=100)
    assert token[2:4] == (101, 108)
    assert text[token[2] - 100 : token[3] - 100] == "القواتُ"


def test_analyzer_yields_stopped_tokens_when_stops_are_kept():
    assert analyze(ArabicAnalyzer(), "قوات في غزة", removestops=False) == [
        ("قوه", 0, 0, 4, False),
        ("في", 1, 5, 7, True),
        ("غزه", 2, 8, 11, False),
    ]


def test_exact_analyzer_keeps_stopwords_and_does_not_stem():
    assert [t for t, *_ in analyze(ArabicExactAnalyzer(), "قوات في غزة")] == [
        "قوات",
        "في",
        "غزه",
    ]


def test_analyzer_starts_positions_at_start_pos():
    assert [
        p for _, p, *_ in analyze(ArabicExactAnalyzer(), "قوات غزة", start_pos=5)
    ] == [
        5,
        6,
    ]


def test_analyzer_reuses_one_token_like_regex_tokenizer():
    tokens = list(ArabicAnalyzer()("قوات الأمن"))
    assert len(tokens) == 2 and tokens[0] is tokens[1]
    assert isinstance(tokens[0], Token)


def test_analyzer_keeps_the_original_word_when_asked():
    originals = [t.original for t in ArabicAnalyzer()("بِسجونهم", keeporiginal=True)]
    assert originals == ["بِسجونهم"]


@pytest.mark.parametrize(
    "word", ["بسجونهم", "الأميركيين", "وللأمن", "Statements", "لبنان"]
)
def test_query_mode_gives_the_term_indexing_gave(word):
    analyzer = ArabicAnalyzer()
    indexed = [t.text for t in analyzer(f"قال {word}", mode="index")][1:]
    queried = [t.text for t in analyzer(word, mode="query")]
    single = [t.text for t in analyzer(word, tokenize=False, mode="query")]
    assert indexed == queried == single


def test_tokenize_false_analyzes_the_value_as_one_word():
    (token,) = ArabicAnalyzer()("المعتقل*", tokenize=False, positions=True, chars=True)
    assert (token.text, token.pos, token.startchar, token.endchar) == (
        "معتقل*",
        0,
        0,
        8,
    )


def test_tokenize_false_marks_a_stopword_stopped():
    assert [
        t.stopped for t in ArabicAnalyzer()("في", tokenize=False, removestops=False)
    ] == [True]
    assert list(ArabicAnalyzer()("في", tokenize=False)) == []


@pytest.mark.parametrize("analyzer", [ArabicAnalyzer(), ArabicExactAnalyzer()])
def test_analyzers_survive_a_pickle_round_trip(analyzer):
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy == analyzer
    assert analyze(copy, "بسجونهم") == analyze(analyzer, "بسجونهم")


def test_analyzers_compare_by_class():
    assert ArabicAnalyzer() == ArabicAnalyzer()
    assert ArabicAnalyzer() != ArabicExactAnalyzer()
    assert ArabicAnalyzer() != None  # noqa: E711 (Whoosh compares with None)


def make_index():
    schema = Schema(
        id=ID(stored=True),
        body=TEXT(analyzer=ArabicAnalyzer()),
        exact=TEXT(analyzer=ArabicExactAnalyzer()),
    )
    assert pickle.loads(pickle.dumps(schema)) == schema
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for number, text in enumerate(["أُفرج عن المعتقلين في سجونهم", "قوات في غزة"]):
            writer.add_document(id=str(number), body=text, exact=text)
    return index


@pytest.mark.parametrize(
    ("field", "query", "found"),
    [
        ("body", "بسجونهم", ["0"]),
        ("body", "سجن", ["0"]),
        ("body", "معتقل", ["0"]),
        ("body", "المعتقل*", ["0"]),
        ("body", "القوة", ["1"]),
        ("exact", '"قوات في غزة"', ["1"]),
        ("exact", '"قوات غزة"', []),
    ],
)
def test_whoosh_index_finds_the_forms_a_user_types(field, query, found):
    index = make_index()
    with index.searcher() as searcher:
        parsed = QueryParser(field, index.schema).parse(query)
        assert sorted(hit["id"] for hit in searcher.search(parsed)) == found


def test_query_parser_turns_words_and_prefixes_into_index_terms():
    parser = QueryParser("body", make_index().schema)
    assert parser.parse("بسجونهم") == Term("body", "سجن")
    assert parser.parse("المعتقل*") == Prefix("body", "معتقل")


# ---------------------------------------------------------- property checks

ARABIC_SOUP = st.text(
    alphabet=st.one_of(
        st.sampled_from("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئىةـ،؛؟«» .-/"),
        st.sampled_from(
            "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0655\u0670"
        ),
        st.sampled_from("\u200c\u200d\u200e\u200f\u202b\u202c\ufeff\u061c\u0640\u06e5"),
        st.sampled_from("ﻻﺍﻟﻌﺮﺑﻴﺔﷺ﷽ی ک ۀ ٣۴ 🕊️🇸🇾\x00\x1b\t\n"),
        st.characters(),
    ),
    max_size=80,
)
PROPERTY = settings(
    max_examples=300,
    # The shared conftest's per-test search index fixture is not used here.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u06d6\u06e5\u0640"


def is_word_start(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" or "\ufb50" <= char <= "\ufefe"


def is_word_character(char: str) -> bool:
    return (
        unicodedata.category(char)[0] in "LNM"
        or char in "\u200c\u200d\ufeff"
        or "\ufb50" <= char <= "\ufefe"
        or "\u06d6" <= char <= "\u06ed"
    )


@PROPERTY
@given(ARABIC_SOUP)
@example(MARKS * 2000)
@example("ب" + MARKS * 2000)
@example("\u0654\u0655" * 500 + "ى\u0654")
def test_analysis_never_raises(text):
    normalized_text(text)
    list(index_terms(text))
    list(ArabicAnalyzer()(text, positions=True, chars=True, removestops=False))
    list(ArabicExactAnalyzer()(text, tokenize=False, mode="query"))


@PROPERTY
@given(ARABIC_SOUP)
@example("ب" + MARKS * 50 + "،" + MARKS)
def test_tokens_are_word_spans_inside_the_text(text):
    previous_end = 0
    for word, start, end in tokenize(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == word
        assert all(map(is_word_character, word)), word
        assert is_word_start(word[0]), word
        previous_end = end


@PROPERTY
@given(ARABIC_SOUP)
def test_index_terms_are_nonempty_and_point_inside_the_text(text):
    spans = {(start, end) for _, start, end in tokenize(text)}
    for term_text, start, end in index_terms(text):
        assert term_text
        assert (start, end) in spans


@PROPERTY
@given(ARABIC_SOUP)
def test_analyzer_agrees_with_index_terms(text):
    tokens = [
        (t.text, t.startchar, t.endchar) for t in ArabicAnalyzer()(text, chars=True)
    ]
    assert tokens == list(index_terms(text))


@PROPERTY
@given(ARABIC_SOUP)
def test_normalized_text_is_stable(text):
    once = normalized_text(text)
    assert "  " not in once and once == once.strip()
    assert normalized_text(once) == once


@PROPERTY
@given(ARABIC_SOUP)
def test_normalized_and_stems_is_the_two_analyses_in_one_pass(text):
    assert normalized_and_stems(text) == (normalized_text(text), set(word_stems(text)))


def test_stem_alternatives_cover_the_readings_of_a_leading_letter():
    assert stem_alternatives("فتاكه")[0] == light_stem("فتاكه")
    assert light_stem("الفتاكه") in stem_alternatives("فتاكه")
    assert light_stem("فتاكه") in stem_alternatives("الفتاكه")
