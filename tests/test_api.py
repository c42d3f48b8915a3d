"""The JSON search API and the command line, on the same service."""

import json

import pytest
from django.core.management import call_command

from statements.models import Place, PlaceAlias
from tests.api_document import DocumentedClient
from tests.factories import indexed, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    """Every response checked against the OpenAPI document."""
    return DocumentedClient(client)


@pytest.fixture
def archive():
    return indexed(
        make_statement(
            "طالبت القيادة العامة بحل قضية معتقلي داعش في سجون الشمال.", title="سجون"
        ),
        make_statement("إنشاء محكمة دولية <لمحاسبة> العناصر & غيرهم.", title="محكمة"),
    )


def test_search_returns_the_documented_shape(api, archive):
    data = api.get("/api/v1/search", {"q": "سجن"}).json()
    assert set(data) == {
        "count",
        "page",
        "page_size",
        "results",
        "facets",
        "notices",
        "suggestion",
    }
    assert data["count"] == 1
    result = data["results"][0]
    assert set(result) >= {
        "id",
        "external_id",
        "title",
        "title_marked",
        "date",
        "issuer",
        "type",
        "language",
    }
    assert result["url"].startswith("http://testserver/statements/")
    assert "<mark>سجون</mark>" in result["snippets"][0]
    assert set(data["facets"]) == {"issuer", "type", "year", "tag", "place", "lang"}


def test_snippets_are_html_escaped_around_the_marks(api, archive):
    snippet = api.get("/api/v1/search", {"q": "محكمة"}).json()["results"][0][
        "snippets"
    ][0]
    assert "&lt;لمحاسبة&gt;" in snippet
    assert "&amp;" in snippet
    assert "<mark>محكمة</mark>" in snippet


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"date_from": "2020/13"}, "date_from"),
        ({"sort": "random"}, "sort"),
        ({"aliases": "maybe"}, "aliases"),
    ],
)
def test_bad_parameters_get_400_with_a_message(api, params, field):
    response = api.get("/api/v1/search", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["fields"]
    assert body["error"].startswith(field)


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "(()",
        "OR",
        "-",
        "AND",
        "؟!،",
        "a" * 10_000,
        "\x01\x02",
        "🙂🙂",
        "قسد SDF داعش ISIS",
    ],
)
def test_odd_queries_get_200(api, archive, q):
    response = api.get("/api/v1/search", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["count"], int)


def test_long_query_is_cut_with_a_notice(api, archive):
    data = api.get("/api/v1/search", {"q": "سجن " * 1000}).json()
    assert "query" in [n["code"] for n in data["notices"]]


def test_paging(api):
    indexed(
        *[
            make_statement(f"بيان رقم {n} عن الحسكة", title=f"بيان {n}")
            for n in range(5)
        ]
    )
    first = api.get("/api/v1/search", {"q": "الحسكة", "page_size": 2}).json()
    third = api.get("/api/v1/search", {"q": "الحسكة", "page_size": 2, "page": 3}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert len(third["results"]) == 1


def test_command_line_json_matches_the_api(archive, capsys):
    call_command("search_statements", "سجن", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == 1
    assert data["results"][0]["title"] == "سجون"


def test_command_line_text_with_shaping(archive, capsys):
    call_command("search_statements", "سجن", "--shape")
    out = capsys.readouterr().out
    assert "1 statements" in out
    # Shaped text is in presentation forms: joined letters on any terminal.
    assert any("\ufe70" <= c <= "\ufeff" for c in out)


def test_results_sorted_by_date_have_no_score(api, archive):
    data = api.get("/api/v1/search", {"q": "", "sort": "newest"}).json()
    assert data["count"] == 2
    assert [r["score"] for r in data["results"]] == [None, None]


def test_a_query_of_stopwords_searches_them_as_written(api, archive):
    data = api.get("/api/v1/search", {"q": "في"}).json()
    assert data["count"] == 1
    assert "<mark>في</mark>" in data["results"][0]["snippets"][0]


def first_result(api, q: str) -> dict:
    return api.get("/api/v1/search", {"q": q}).json()["results"][0]


def test_title_marked_marks_the_searched_word_and_title_stays_plain(api):
    indexed(make_statement("وزّع الأهالي الخبز صباحاً.", title="افتتاح مخبز في الحي"))
    result = first_result(api, "مخبز")
    assert result["title"] == "افتتاح مخبز في الحي"
    assert result["title_marked"] == "افتتاح <mark>مخبز</mark> في الحي"


@pytest.mark.parametrize(
    ("title", "q", "marked"),
    [
        # Prefixes attached to the word: the stem matches.
        ("افتتاح مخبز في الحي", "وبالمخبز", "افتتاح <mark>مخبز</mark> في الحي"),
        # Another hamza spelling: ابار is the same word as آبار.
        ("حفر آبار للمياه", "ابار", "حفر <mark>آبار</mark> للمياه"),
        # A typo: corrected to the indexed word, which is marked as written.
        ("إصلاح المطحنة", "المطحنغ", "إصلاح <mark>المطحنة</mark>"),
    ],
)
def test_title_marked_marks_the_word_the_search_matched(api, title, q, marked):
    indexed(make_statement("نص لا يذكر الكلمة.", title=title))
    result = first_result(api, q)
    assert (result["title"], result["title_marked"]) == (title, marked)


def test_title_marked_marks_another_name_of_a_searched_place(api):
    place = Place.objects.create(name_ar="تل أبيض", name_en="Tell Abyad")
    for name in ("تل أبيض", "Tell Abyad", "كري سبي"):
        PlaceAlias.objects.create(place=place, name=name)
    indexed(make_statement("نص البيان.", title="مخبز جديد في تل أبيض"))
    result = first_result(api, "كري سبي")
    assert result["title_marked"] == "مخبز جديد في <mark>تل أبيض</mark>"


def test_title_marked_escapes_a_title_with_a_script_tag(api):
    title = "<script>alert('مخبز')</script>"
    indexed(make_statement("نص البيان.", title=title))
    result = first_result(api, "مخبز")
    assert result["title"] == title
    assert result["title_marked"] == (
        "&lt;script&gt;alert(&#x27;<mark>مخبز</mark>&#x27;)&lt;/script&gt;"
    )


def test_a_title_without_a_match_comes_back_escaped_and_unmarked(api):
    indexed(make_statement("وصل الطحين إلى المخبز.", title="<b>طحين & ماء</b>"))
    result = first_result(api, "مخبز")
    assert "<mark>المخبز</mark>" in result["snippets"][0]
    assert result["title_marked"] == "&lt;b&gt;طحين &amp; ماء&lt;/b&gt;"
