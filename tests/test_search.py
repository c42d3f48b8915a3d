"""The search service on a real Whoosh index: spellings, operators, aliases, facets."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.sorting import FieldFacet, MultiFacet

from statements.models import Place, PlaceAlias, Statement, Tag
from statements.search import SearchRequest, engine, more_like_this, search
from statements.search.engine import current_reader
from tests.factories import indexed, make_actor, make_statement

pytestmark = pytest.mark.django_db

PRISONS = "طالبت القيادة العامة بحل قضية معتقلي داعش في سجون شمال وشرق سوريا."
COURT = "نجدد التأكيد على ضرورة إنشاء محكمة دولية لمحاسبة عناصر التنظيم."
TURKEY = "تواصل القوات التركية قصف القرى الحدودية في ريف الحسكة."


def found(q: str, **kwargs) -> list[str]:
    return [hit.statement.title for hit in search(SearchRequest(q=q, **kwargs)).hits]


@pytest.fixture
def archive():
    return indexed(
        make_statement(PRISONS, title="بيان حول المعتقلين"),
        make_statement(COURT, title="محكمة دولية"),
        make_statement(TURKEY, title="قصف تركي"),
    )


@pytest.mark.parametrize(
    "query",
    [
        "سجون",  # as written
        "سجن",  # singular of a broken plural
        "السجون",  # with the article
        "وبالسجون",  # stacked prefixes
        "معتقلين",  # sound plural for the construct form
        "مُعْتَقَلِي",  # vocalized
        "ﻣﻌﺘﻘﻠﻲ",  # presentation forms pasted from a PDF
        "معتقلی",  # Persian yeh
    ],
)
def test_spelling_variants_find_the_statement(archive, query):
    assert found(query) == ["بيان حول المعتقلين"]


def test_query_without_hamza_finds_hamza_form(archive):
    assert found("انشاء") == ["محكمة دولية"]


def test_ta_marbuta_written_as_ha_is_found(archive):
    assert found("محكمه دوليه") == ["محكمة دولية"]


def test_words_are_anded(archive):
    indexed(make_statement("زيارة إلى الحسكة", title="زيارة"))
    assert found("الحسكة قصف") == ["قصف تركي"]


def test_no_and_match_falls_back_to_or_and_says_so(archive):
    response = search(SearchRequest(q="محكمة قصف"))
    assert response.count == 2
    assert [n.code for n in response.notices] == ["any_word"]


def test_quoted_phrase_needs_the_words_in_order(archive):
    assert found('"محكمة دولية"') == ["محكمة دولية"]
    assert found('"دولية محكمة"') == []


def test_exclusion_and_or(archive):
    assert sorted(found("محكمة OR قصف")) == ["قصف تركي", "محكمة دولية"]
    assert found("محكمة OR قصف -الحدودية") == ["محكمة دولية"]


def test_prefix_search_on_normalized_forms(archive):
    assert found("الحدود*") == ["قصف تركي"]


def test_typo_is_corrected_and_reported(archive):
    response = search(SearchRequest(q="الحدوديه القصغ"))
    assert [h.statement.title for h in response.hits] == ["قصف تركي"]
    assert "corrected" in [n.code for n in response.notices]


def test_highlight_marks_the_original_word(archive):
    hit = search(SearchRequest(q="سجن")).hits[0]
    assert "<mark>سجون</mark>" in hit.snippets[0]


def test_alias_finds_other_names_and_says_which(archive):
    make_actor(
        "قوات سوريا الديمقراطية", "Syrian Democratic Forces", aliases=["قسد", "SDF"]
    )
    indexed(make_statement("أعلنت قسد السيطرة على القرية.", title="إعلان"))
    response = search(SearchRequest(q="Syrian Democratic Forces"))
    assert [h.statement.title for h in response.hits] == ["إعلان"]
    assert "aliases" in [n.code for n in response.notices]
    assert search(SearchRequest(q="Syrian Democratic Forces", aliases=False)).count == 0


def test_english_place_name_finds_arabic_text(archive):
    place = Place.objects.create(name_ar="الحسكة", name_en="Hasakah")
    for name in ("الحسكة", "Hasakah", "Hassakeh"):
        PlaceAlias.objects.create(place=place, name=name)
    assert found("Hassakeh") == ["قصف تركي"]


def test_filters_combine_and_facets_count(archive):
    sdf = make_actor(
        "قوات سوريا الديمقراطية", "Syrian Democratic Forces", aliases=["قسد"]
    )
    tag = Tag.objects.create(name="محاكم")
    court = Statement.objects.get(title="محكمة دولية")
    court.issuer = sdf
    court.date_issued, court.date_precision = datetime.date(2020, 5, 1), "month"
    court.save()
    court.tags.add(tag)
    indexed(court)
    assert found("", issuer="قسد") == ["محكمة دولية"]
    assert found("issuer:قسد tag:محاكم date:2020") == ["محكمة دولية"]
    assert found("date:2019") == []
    facets = search(SearchRequest(q="")).facets
    assert ("2020", 1) in facets["year"]
    assert (str(sdf.pk), 1) in facets["issuer"]
    assert (str(tag.pk), 1) in facets["tag"]


def test_values_of_one_filter_are_alternatives_and_filters_combine(archive):
    prisons, court, _turkey = archive
    sdf = make_actor("قوات سوريا الديمقراطية", aliases=["قسد"])
    un = make_actor("الأمم المتحدة")
    Statement.objects.filter(pk=prisons.pk).update(issuer=sdf)
    Statement.objects.filter(pk=court.pk).update(issuer=un, language="en")
    indexed(prisons, court)
    both = found("", issuer=(str(sdf.pk), str(un.pk)), sort="oldest")
    assert sorted(both) == sorted(["بيان حول المعتقلين", "محكمة دولية"])
    assert found("", issuer=(str(sdf.pk), str(un.pk)), lang="en") == ["محكمة دولية"]
    # A filter written in the query is a condition of its own, not an alternative.
    assert found(f"issuer:{un.pk}", issuer=str(sdf.pk)) == []


def test_timeline_counts_results_dated_to_a_month(archive):
    prisons, court, turkey = archive
    for statement, day, precision in [
        (prisons, datetime.date(2020, 5, 3), "day"),
        (court, datetime.date(2020, 5, 1), "month"),
        (turkey, datetime.date(2021, 1, 1), "year"),
    ]:
        statement.date_issued, statement.date_precision = day, precision
        statement.save()
    indexed(*archive)
    response = search(SearchRequest(q="", timeline=True))
    # Dated only to its year, the third statement has no month to be counted in.
    assert response.months == [("2020-05", 2)]
    assert search(SearchRequest(q="")).months == []


def test_facets_count_the_results_whether_few_or_most_of_the_archive(archive):
    tag = Tag.objects.create(name="قصف وسجون")
    for title in ("قصف تركي", "بيان حول المعتقلين"):
        statement = Statement.objects.get(title=title)
        statement.tags.add(tag)
        indexed(statement)

    def tags(q: str) -> list:
        return search(SearchRequest(q=q)).facets["tag"]

    assert tags("الحسكة") == [(str(tag.pk), 1)]  # finds one statement of three
    assert tags("الحسكة OR سجون OR محكمة") == [(str(tag.pk), 2)]  # finds all three
    assert tags("محكمة") == []


def test_unknown_filter_value_says_so():
    response = search(SearchRequest(q="", issuer="لا أحد"))
    assert response.count == 0
    assert response.notices[0].code == "filter"
    assert "«لا أحد»" in str(response.notices[0])


def test_sort_newest_and_oldest_put_undated_last(archive):
    old = make_statement(
        "نص", title="قديم", date_issued=datetime.date(2001, 1, 1), date_precision="day"
    )
    new = make_statement(
        "نص", title="جديد", date_issued=datetime.date(2020, 1, 1), date_precision="day"
    )
    indexed(old, new)
    newest = found("", sort="newest")
    oldest = found("", sort="oldest")
    assert newest[:2] == ["جديد", "قديم"]
    assert oldest[:2] == ["قديم", "جديد"]


def test_only_published_statements_are_found(archive):
    indexed(make_statement("محكمة خاصة", title="مسودة", status="draft"))
    assert "مسودة" not in found("محكمة")


def test_nothing_found_suggests_a_word_from_the_index(archive):
    response = search(SearchRequest(q="قصغ"))
    assert response.count == 0
    assert response.suggestion == "قصف"


def test_more_like_this_finds_the_similar_statement(archive):
    similar = make_statement(PRISONS + " ونطالب بمحكمة.", title="شبيه")
    indexed(similar)
    original = Statement.objects.get(title="بيان حول المعتقلين")
    assert [s.title for s in more_like_this(original)][:1] == ["شبيه"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "((",
        "OR",
        "-",
        "*",
        "AND OR -",
        "؟؟؟",
        "x" * 10_000,
        "\x00\x07",
        "🙂 قسد 🙂",
        'issuer:"',
    ],
)
def test_odd_input_never_raises(archive, query):
    response = search(SearchRequest(q=query))
    assert response.count >= 0


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=200))
def test_search_never_raises_on_any_text(archive, text):
    assert search(SearchRequest(q=text)).count >= 0


def test_bare_word_finds_the_form_with_the_article():
    # A bare فتاكة loses its ف to light stemming, الفتاكة keeps it: both must meet.
    indexed(make_statement("استخدمت الأسلحة الفتاكة ضد المتظاهرين", title="أسلحة"))
    assert found("فتاكة المتظاهرين") == ["أسلحة"]


def test_statements_with_the_words_as_typed_rank_first():
    indexed(
        make_statement("مصر تؤكد الحفاظ على الهدنة", title="مصر"),
        make_statement("جاء مصرا على الحفاظ على الهدنة", title="مصرا"),
    )
    assert found("مصرا الحفاظ")[0] == "مصرا"


def test_or_group_with_unknown_words_falls_back_without_error(archive):
    response = search(SearchRequest(q="محكمةز OR قصفز الحدودية"))
    assert response.count >= 1


def dated(day: datetime.date | None, precision: str = "day") -> Statement:
    if day is None:
        return make_statement("نص", date_precision="unknown")
    return make_statement("نص", date_issued=day, date_precision=precision)


def test_the_date_order_is_whooshs_own_sort_with_ties_undated_and_deletions(
    monkeypatch,
):
    days = [datetime.date(2020, 1, d) for d in (5, 3, 5, 9, 3, 1)]
    # Three commits (three segments), one segment without any date at all.
    indexed(*[dated(day) for day in days[:3]])
    indexed(dated(None), dated(None))
    later = indexed(*[dated(day) for day in days[3:]], dated(None))
    Statement.objects.filter(pk=later[0].pk).update(status="draft")
    indexed(later[0])
    reader = current_reader()
    searcher = reader._searcher
    everything = set(reader.all_documents())
    for newest in (True, False):
        by_whoosh = [
            hit.docnum
            for hit in searcher.search(
                wq.Every(),
                limit=None,
                sortedby=MultiFacet(
                    [FieldFacet("undated"), FieldFacet("date", reverse=newest)]
                ),
            )
        ]
        assert reader.by_date(None, newest, 0, 100) == by_whoosh
        assert len(by_whoosh) == 8
        some = set(by_whoosh[1::2])
        expected = [doc for doc in by_whoosh if doc in some]
        assert reader.by_date(some, newest, 1, 3) == expected[1:3]  # sorted by rank
        monkeypatch.setattr(engine, "FEW_DOCUMENTS", 0)  # picked from the order
        assert reader.by_date(some, newest, 1, 3) == expected[1:3]
        assert reader.by_date(everything, newest, 2, 5) == by_whoosh[2:5]
        monkeypatch.undo()


def test_facets_and_timeline_count_a_few_results_and_most_of_the_archive():
    places = [Place.objects.create(name_ar=f"مكان {n}") for n in range(3)]
    for n in range(12):
        statement = dated(datetime.date(2020, 1 + n % 3, 1))
        statement.places.add(places[n % 3])
        statement.body = "قصف" if n < 9 else "هدنة"  # most of them, or a few
        statement.save()
    indexed(*Statement.objects.all())

    def counted(q: str):
        response = search(SearchRequest(q=q, timeline=True))
        return response.count, response.facets, response.months

    # Three quarters of the archive (counted from what it lacks), a quarter.
    for q, each in (("قصف", 3), ("هدنة", 1)):
        count, facets, months = counted(q)
        assert count == 3 * each
        assert sorted(n for _, n in facets["place"]) == [each] * 3
        assert [n for _, n in months] == [each] * 3
