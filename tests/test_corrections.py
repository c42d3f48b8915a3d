"""Typos and other spellings of names, read by what the rest of the query finds.

Each test makes its own small archive on a real Whoosh index; the words are
not those of the search-quality benchmark (bench/search_quality), so that the
benchmark stays a fair measure of what these rules do on words never seen.
"""

import pytest

from statements.arabic.phonetic import name_key, respellings
from statements.search import SearchRequest, search
from statements.search.engine import current_reader
from statements.search.spelling import (
    OTHER_LETTER,
    SLIP,
    is_written,
    keyboard_neighbours,
    slips,
    typo_stems,
)
from statements.search.variants import joined_stem, same_sound, split_readings
from tests.factories import indexed, make_statement

pytestmark = pytest.mark.django_db

TALKS = "استؤنفت المفاوضات بين الطرفين في لوزان بعد توقف طويل."
TRUCE = "أعلنت اللجنة العسكرية تمديد الهدنة في الجنوب أسبوعين."
SHIP = "رست السفينة المحملة بالقمح في الميناء صباح اليوم."


def found(q: str) -> list[str]:
    return [hit.statement.title for hit in search(SearchRequest(q=q)).hits]


def codes(q: str) -> list[str]:
    return [notice.code for notice in search(SearchRequest(q=q)).notices]


@pytest.fixture
def archive():
    return indexed(
        make_statement(TALKS, title="مفاوضات لوزان"),
        make_statement(TRUCE, title="تمديد الهدنة"),
        make_statement(SHIP, title="سفينة القمح"),
    )


# -------------------------------------------------------- typos behind clitics


@pytest.fixture
def decoys():
    """Words one slip from the typos below, more frequent than the words meant,
    and each once with the query's other word."""
    return indexed(
        make_statement("اجتمع المفوض الأممي بالوفود في لوزان.", title="مفوض 1"),
        make_statement("زار المفوض المخيمات.", title="مفوض 2"),
        make_statement("طالب المفوض بتمويل عاجل.", title="مفوض 3"),
        make_statement("مفاد الرسالة واضح، قيل في لوزان.", title="مفاد 1"),
        make_statement("مفاد التقرير أن الوضع سيئ.", title="مفاد 2"),
        make_statement("مفاد البيان رفض العرض.", title="مفاد 3"),
        make_statement("أجرت الهند مناورات عسكرية.", title="الهند 1"),
        make_statement("اشترت الهند طائرات للقوات العسكرية.", title="الهند 2"),
    )


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("وبالمففاوضات لوزان", "مفاوضات لوزان"),  # a key held: ف doubled
        ("والمفاضات لوزان", "مفاوضات لوزان"),  # a letter dropped: و
        ("فالهنده العسكرية", "تمديد الهدنة"),  # two letters swapped: دن
    ],
)
def test_typo_behind_clitics_is_corrected_by_what_the_other_word_finds(
    archive, decoys, query, title
):
    response = search(SearchRequest(q=query))
    assert response.hits[0].statement.title == title
    assert "corrected" in [notice.code for notice in response.notices]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("للسففينة القمح", "سفينة القمح"),  # doubled, behind لل
        ("بالمينءا السفينة", "سفينة القمح"),  # swapped, behind بال
        ("وللهدنه العسكريية", "تمديد الهدنة"),  # doubled, behind ال
    ],
)
def test_typo_behind_clitics_is_corrected_on_the_word(archive, query, title):
    assert found(query) == [title]


def test_typo_is_searched_as_the_word_with_its_clitics_in_the_notice(archive):
    notices = search(SearchRequest(q="وبالمففاوضات لوزان")).notices
    corrected = [str(n) for n in notices if n.code == "corrected"]
    assert len(corrected) == 1
    assert "وبالمفاوضات" in corrected[0] and "وبالمففاوضات" in corrected[0]


def test_typo_that_stems_like_an_indexed_word_is_still_corrected():
    # No statement writes الصحفيي, but it stems to صحفي, as صحفيا does in a
    # statement that also has الوزير: without a correction, only that one.
    indexed(
        make_statement("التقى الصحفي بالوزير في القاهرة.", title="لقاء"),
        make_statement("عمل صحفيا في مكتب الوزير.", title="عمل"),
    )
    response = search(SearchRequest(q="الصحفيي بالوزير"))
    assert "لقاء" in [hit.statement.title for hit in response.hits]
    assert "corrected" in [notice.code for notice in response.notices]


def test_candidate_found_with_the_other_words_wins_over_a_more_frequent_one():
    # الحار is one letter from الحصار (three statements) and from الحوار
    # (one): only الحوار is found with الوطني.
    indexed(
        *(
            make_statement(
                f"استمر الحصار على المدينة لليوم {day}.", title=f"حصار {day}"
            )
            for day in ("الأول", "الثاني", "الثالث")
        ),
        make_statement("انطلق الحوار الوطني في العاصمة.", title="حوار"),
    )
    response = search(SearchRequest(q="الحار الوطني"))
    assert [hit.statement.title for hit in response.hits] == ["حوار"]
    assert "الحوار" in str(response.notices[0])


def test_rare_candidate_ranks_above_a_frequent_one_found_with_the_other_word():
    statements = [
        make_statement(f"الحصار الوطني يطول، اليوم {n}.", title=f"حصار {n}")
        for n in range(4)
    ]
    indexed(*statements, make_statement("الحوار الوطني بدأ.", title="حوار"))
    assert found("الحار الوطني")[0] == "حوار"


def test_a_real_word_made_by_a_typo_is_corrected_when_the_words_find_nothing():
    indexed(
        make_statement("رحلتهما إلى الجبل كانت طويلة.", title="رحلة"),
        make_statement("رحبتهما الأسرة في البيت.", title="ترحيب"),
    )
    response = search(SearchRequest(q="رحبتهما الجبل"))
    assert [hit.statement.title for hit in response.hits] == ["رحلة"]
    assert "corrected" in [notice.code for notice in response.notices]


# ------------------------------------------------------------ unknown words


def test_unknown_word_is_reported_and_not_silently_dropped(archive):
    response = search(SearchRequest(q="الهدنة زقزقلوب"))
    assert [hit.statement.title for hit in response.hits] == ["تمديد الهدنة"]
    unknown = [str(n) for n in response.notices if n.code == "unknown"]
    assert len(unknown) == 1 and "زقزقلوب" in unknown[0]
    assert "any_word" in [notice.code for notice in response.notices]


def test_unknown_word_alone_finds_nothing_and_says_so(archive):
    response = search(SearchRequest(q="زقزقلوب"))
    assert response.count == 0
    assert [notice.code for notice in response.notices] == ["unknown"]


def test_words_found_together_are_neither_corrected_nor_reported(archive):
    assert codes("الهدنة العسكرية") == []


# ------------------------------------------------------------- foreign names


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("غرونفلد", "جرونفلد"),  # G as غ or ج
        ("جرونفلد", "كرونفلد"),  # or ك
        ("قرونفلد", "غرونفلد"),  # or ق
        ("ماركوفيتش", "ماركوفتش"),  # a long vowel written, or left out
        ("ماركوفتش", "ماركوفيتش"),
        ("بوليناريا", "بوليناريه"),  # a final ا or ه (ة)
        ("بوليناريه", "بولينارية"),
        ("بيسكوفو", "بيسكوفوا"),  # an alif after a final و
        ("بيسكوفوا", "بيسكوفو"),
        ("ويلزبيرغ", "ويلزبرج"),  # two changes: a vowel and G
    ],
)
def test_a_foreign_name_spelt_otherwise_finds_the_statement(written, typed):
    # A decoy one letter from the spelling typed, in more statements, once
    # with the other word: the closest frequent word is not the name meant.
    decoy = typed[:-1] + ("س" if typed[-1] != "س" else "ش")
    indexed(
        make_statement(f"وصل {written} إلى المؤتمر الصحفي متأخرا.", title="وصول"),
        make_statement(f"غادر {decoy} المؤتمر متأخرا.", title="مغادرة"),
        *(make_statement(f"تحدث {decoy} عن المؤتمر.", title="حديث") for _ in "12"),
    )
    assert found(f"{typed} متأخرا")[0] == "وصول"


def test_both_spellings_in_the_archive_meet_when_the_words_find_nothing():
    # Two changes apart (G twice): the sound key over the index's vocabulary
    # finds it where a single respelling does not.
    indexed(
        make_statement("زار الوفد متحف غوغنهايم في المساء.", title="زيارة"),
        make_statement("متحف جوجنهايم يعرض أعمالا حديثة.", title="معرض"),
    )
    response = search(SearchRequest(q="جوجنهايم المساء"))
    assert [hit.statement.title for hit in response.hits] == ["زيارة"]
    assert "corrected" in [notice.code for notice in response.notices]


def test_a_compound_written_apart_finds_it_written_as_one():
    indexed(
        make_statement("انتشر المقطع على تيكتوك بين الطلاب.", title="مقطع"),
        make_statement("انتشر الخبر بين الطلاب.", title="خبر"),
    )
    assert found("تيك توك الطلاب") == ["مقطع"]


def test_a_compound_written_as_one_finds_it_written_apart():
    indexed(
        make_statement("انتشر المقطع على تيك توك بين الطلاب.", title="مقطع"),
        make_statement("انتشر الخبر بين الطلاب.", title="خبر"),
    )
    assert found("تيكتوك الطلاب") == ["مقطع"]


def test_ordinary_words_that_share_a_sound_key_stay_apart():
    # كتاب and كتب share a key, but the words together find a statement:
    # no other spelling is searched.
    indexed(
        make_statement("صدر كتاب جديد عن الحرب.", title="كتاب"),
        make_statement("كتب الصحفي مقالا جديدا.", title="مقال"),
    )
    assert found("كتاب جديد") == ["كتاب"]
    assert codes("كتاب جديد") == []


# ------------------------------------------------------- the parts, one by one


def test_name_key_folds_what_transliteration_varies_and_keeps_the_rest():
    assert name_key("غرونفلد") == name_key("جرونفلد") == name_key("قرونفلد")
    assert name_key("بيسكوفوا") == name_key("بيسكوفو")
    assert name_key("بوليناريا") == name_key("بوليناريه")
    assert name_key("موللر") == name_key("مولر")
    assert name_key("تيك توك") == name_key("تيكتوك")
    assert name_key("ماما") != name_key("ما")
    assert name_key("كتاب") != name_key("حساب")


def test_respellings_make_one_change_of_a_transliteration():
    variants = respellings("جوزف")
    assert {"جوزيف", "غوزف", "جوزفا"} <= variants
    assert "جوزف" not in variants
    assert "جوزك" not in variants  # only G letters change into each other


def test_a_slip_onto_a_neighbouring_key_costs_less_than_onto_a_far_one():
    assert "ت" in keyboard_neighbours()["ا"] and "ع" in keyboard_neighbours()["غ"]
    letters = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    costs = slips("سفينه", letters)
    assert costs["سفيته"] == SLIP  # ن → ت, the next key
    assert costs["سفيظه"] == OTHER_LETTER  # ن → ظ, far from it
    assert costs["سيفنه"] == SLIP  # swapped back
    assert costs["سفيه"] == SLIP  # a letter dropped
    assert slips("سفيينه", letters)["سفينه"] == SLIP  # a key held


def test_typo_stems_edit_the_word_as_typed_and_stem_each_edit(archive):
    reader = current_reader()
    stems = typo_stems(reader, "وبالمففاوضات")
    assert stems["مفاوض"].label == "وبالمفاوضات"


def test_a_word_is_written_if_a_statement_has_it_with_any_clitics(archive):
    reader = current_reader()
    assert is_written(reader, "المفاوضات")
    assert is_written(reader, "وللمفاوضات")  # the archive writes المفاوضات
    assert is_written(reader, "الهدنه")
    assert not is_written(reader, "المفاوضاات")


def test_joined_and_split_compounds_are_read_from_the_index():
    indexed(make_statement("على تيكتوك وعلى سناب شات.", title="منصات"))
    reader = current_reader()
    assert joined_stem(reader, "تيك", "توك") is not None
    assert joined_stem(reader, "على", "تيك") is None  # على is a stopword
    assert list(split_readings(reader, "سنابشات").values()) == ["سناب شات"]


def test_same_sound_keeps_spellings_a_few_letters_apart():
    indexed(
        make_statement("غوغنهايم وجوجنهايم وكاكنهايمر.", title="أسماء"),
    )
    reader = current_reader()
    near = same_sound(reader, "جوجنهايم")
    assert "غوغنهايم" in near
