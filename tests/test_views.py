"""The public pages through Django's test client: content, state in the URL, 404s."""

import datetime
import re

import pytest
from django.template.loader import render_to_string

from statements.models import Statement
from statements.templatetags.archive import isolate_ltr
from statements.web.timeline import Timeline
from tests.factories import indexed, make_statement, small_archive

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def archive():
    archive = small_archive()
    indexed(archive["prisons"], archive["ceasefire"], archive["truce"])
    return archive


def test_home_shows_counts_latest_issuers_timeline_and_a_search_box(client, archive):
    page = html(client.get("/"))
    assert '<html lang="ar" dir="rtl">' in page
    assert "بيان حول السجون" in page and "UN call for a ceasefire" in page
    assert archive["sdf"].get_absolute_url() in page
    assert "<svg" in page and "2020-05: 1" in page
    assert 'role="search"' in page and 'name="q"' in page


def test_english_interface_under_en_with_a_switch_back_to_the_same_page(client):
    page = html(client.get("/en/search/", {"q": "قسد"}))
    assert '<html lang="en" dir="ltr">' in page
    assert 'href="/search/?q=%D9%82%D8%B3%D8%AF"' in page
    arabic = html(client.get("/search/", {"q": "قسد"}))
    assert 'href="/en/search/?q=%D9%82%D8%B3%D8%AF"' in arabic


def test_search_page_shows_marked_snippets_facets_and_count(client, archive):
    page = html(client.get("/search/", {"q": "قوات"}))
    assert "<mark>قوّاتُنا</mark>" in page
    assert f'name="issuer" value="{archive["sdf"].pk}"' in page
    assert 'class="result-count"' in page
    # The result links carry the query so the statement page marks the words.
    assert f"{archive['prisons'].get_absolute_url()}?q=%D9%82%D9%88%D8%A7%D8%AA" in page


def test_a_chosen_facet_narrows_the_results_and_shows_a_removable_chip(client, archive):
    page = html(client.get("/statements/", {"issuer": archive["un"].pk}))
    assert "UN call for a ceasefire" in page
    assert "بيان حول السجون" not in page
    assert f'value="{archive["un"].pk}" checked' in page
    chip = re.search(r'<ul class="chips"[^>]*>\s*<li><a href="([^"]*)">', page)
    assert chip and "issuer" not in chip.group(1)


def test_an_english_statement_reads_left_to_right_inside_the_arabic_page(
    client, archive
):
    page = html(client.get("/statements/"))
    assert 'lang="en" dir="ltr">UN call for a ceasefire</a>' in page


def test_search_page_without_input_explains_how_to_search(client):
    page = html(client.get("/search/"))
    assert 'id="help-heading"' in page
    assert 'class="result-count"' not in page


def test_nothing_found_helps_and_suggests(client, archive):
    page = html(client.get("/search/", {"q": "سجوغ"}))
    assert 'class="empty"' in page
    assert 'class="did-you-mean"' in page


def test_bad_parameters_are_explained_not_a_server_error(client, archive):
    page = html(client.get("/search/", {"q": "سجون", "date_from": "2020/13/40"}))
    assert 'role="alert"' in page
    assert "YYYY" in page


@pytest.mark.parametrize("value", ["³", "٣"])
def test_a_filter_of_a_digit_that_is_not_an_id_is_explained(client, archive, value):
    page = html(client.get("/search/", {"q": "سجون", "issuer": value}))
    assert "notice-filter" in page


def test_statement_page_marks_the_searched_words_in_their_original_form(client):
    (statement,) = indexed(
        make_statement("تواصل قوّاتُنا الحرب\nفي سجونِ الشمال", title="بيان")
    )
    page = client.get(statement.get_absolute_url(), {"q": "قوات سجن"}).content.decode()
    assert "<mark>قوّاتُنا</mark>" in page
    assert "<mark>سجونِ</mark>" in page


def test_search_page_marks_the_title_inside_its_link(client):
    (statement,) = indexed(make_statement("نص البيان.", title="حفر آبار للمياه"))
    page = html(client.get("/search/", {"q": "وابار"}))
    link = re.search(
        rf'<a href="{statement.get_absolute_url()}\?q=[^"]*"[^>]*>(.*?)</a>', page
    )
    assert link and link.group(1) == "حفر <mark>آبار</mark> للمياه"


def test_search_page_escapes_titles_marked_or_not(client):
    indexed(
        make_statement("نص البيان.", title="<script>alert(1)</script> مخبز"),
        make_statement("وصل الطحين إلى المخبز.", title="<b>طحين & ماء</b>"),
    )
    page = html(client.get("/search/", {"q": "مخبز"}))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>مخبز</mark></a>" in page
    assert "&lt;b&gt;طحين &amp; ماء&lt;/b&gt;</a>" in page
    assert "<script>alert" not in page and "<b>" not in page


def test_statement_page_from_a_search_marks_its_title_too(client):
    statement, other = indexed(
        make_statement("حفر الأهالي آبار المياه في القرية.", title="<حفر> آبار"),
        make_statement("حفر الأهالي آبار المياه في البلدة.", title="آبار البلدة"),
    )
    page = html(client.get(statement.get_absolute_url(), {"q": "ابار"}))
    heading = re.search(r'<h1 id="statement-title"[^>]*>(.*?)</h1>', page)
    assert heading and heading.group(1) == "&lt;حفر&gt; <mark>آبار</mark>"
    # The page's <title> stays plain text; a related statement keeps its own title.
    assert "<title>&lt;حفر&gt; آبار · " in page
    related = page.split('<section class="related"')[1]
    assert f'{other.get_absolute_url()}" lang="ar" dir="rtl">آبار البلدة</a>' in related
    assert "<mark>" not in related


def test_statement_page_without_a_search_marks_nothing(client):
    statement = make_statement("تواصل قواتنا الحرب", title="بيان")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<mark>" not in page
    assert "<p>تواصل قواتنا الحرب</p>" in page


def test_statement_page_shows_metadata_and_neighbours_by_date(client, archive):
    first = archive["prisons"]
    page = html(client.get(first.get_absolute_url()))
    assert first.sha256 in page
    assert archive["raqqa"].get_absolute_url() in page
    assert archive["tag"].get_absolute_url() in page
    assert "UN call for a ceasefire" in page  # the next statement by date
    assert 'class="permalink"' in page


def test_drafts_and_statements_in_review_are_not_public(client):
    for status in ("draft", "review"):
        statement = make_statement("نص", status=status)
        assert client.get(statement.get_absolute_url()).status_code == 404


def test_a_retracted_statement_keeps_its_page_with_the_notice(client):
    statement = make_statement(
        "نص", status="retracted", retraction_reason="نُشر خطأً باسم جهة أخرى."
    )
    page = html(client.get(statement.get_absolute_url()))
    assert 'class="retraction"' in page
    assert "نُشر خطأً باسم جهة أخرى." in page


def test_a_wrong_slug_redirects_to_the_canonical_url_keeping_the_query(client):
    statement = make_statement("نص", title="بيان القيادة")
    response = client.get(f"/statements/{statement.pk}/old-slug/", {"q": "نص"})
    assert response.status_code == 301
    assert response["Location"] == statement.get_absolute_url() + "?q=%D9%86%D8%B5"


def test_actor_page_lists_names_aliases_and_its_statements(client, archive):
    page = html(client.get(archive["sdf"].get_absolute_url()))
    assert "Syrian Democratic Forces" in page and "قسد" in page
    assert "بيان حول السجون" in page
    assert "UN call for a ceasefire" not in page


def test_place_and_tag_pages_list_their_statements(client, archive):
    assert "بيان حول السجون" in html(client.get(archive["raqqa"].get_absolute_url()))
    assert "بيان حول السجون" in html(client.get(archive["tag"].get_absolute_url()))


def test_year_and_month_pages(client, archive):
    year = html(client.get("/archive/2020/"))
    assert "بيان حول السجون" in year and "UN call for a ceasefire" in year
    assert 'href="/archive/2020/5/"' in year
    may = html(client.get("/archive/2020/5/"))
    assert "بيان حول السجون" in may and "UN call for a ceasefire" not in may
    assert client.get("/archive/2020/13/").status_code == 404


def test_not_found_page_is_in_the_sites_layout(client, settings):
    settings.DEBUG = False
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_public_pages_may_be_cached_for_a_while(client, archive):
    response = client.get(archive["prisons"].get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_timeline_fills_the_months_between_and_scales_to_the_busiest():
    plot = Timeline.of([("2019-11", 4), ("2020-02", 2)])
    assert [b.month for b in plot.bars] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert [b.count for b in plot.bars] == [4, 0, 0, 2]
    assert plot.bars[0].height == 2 * plot.bars[3].height
    assert [t.year for t in plot.ticks] == ["2019", "2020"]
    assert Timeline.of([]).bars == []


def test_statement_timeline_leaves_out_statements_dated_only_to_a_year():
    make_statement(date_issued=datetime.date(2020, 1, 1), date_precision="year")
    make_statement(date_issued=datetime.date(2020, 3, 9), date_precision="day")
    assert Statement.objects.per_month() == [("2020-03", 1)]


def test_pages_forbid_anything_from_other_hosts(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "Content-Security-Policy" not in client.get("/admin/login/").headers


def test_static_files_are_served_by_the_app_with_caching_headers(client):
    response = client.get("/static/css/archive.css")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]


def test_statement_page_offers_the_citation_and_its_downloads(client, archive):
    first = archive["prisons"]
    page = html(client.get(first.get_absolute_url()))
    assert 'class="citation"' in page and "بيان حول السجون" in page
    for fmt in ("bib", "ris", "json"):
        assert f'href="/statements/{first.pk}/cite.{fmt}"' in page
    assert f'href="/statements/{first.pk}/pdf"' in page
    # The permanent link is the one without the slug, which a new title changes.
    assert f'value="http://testserver/statements/{first.pk}/"' in page


def test_pages_link_the_apps_own_naskh_font(client):
    page = html(client.get("/"))
    assert 'href="/static/css/fonts.css"' in page
    assert client.get("/static/fonts/archive-naskh-400.woff2").status_code == 200


def test_urls_and_dates_in_a_citation_read_left_to_right():
    marked = isolate_ltr("«بيان» <قسد>. 2020-05. https://x.org/s/1/ (في 2026-11-29).")
    ltr = '<bdi dir="ltr">{}</bdi>'.format
    assert marked == (
        f"«بيان» &lt;قسد&gt;. {ltr('2020-05')}. {ltr('https://x.org/s/1/')} "
        f"(في {ltr('2026-11-29')})."
    )


def test_server_error_page_is_in_the_sites_layout_without_a_request():
    page = render_to_string("500.html")
    assert 'class="site-header"' in page and 'lang="ar"' in page
