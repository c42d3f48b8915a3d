"""The pages as a reader's browser shows them: links, language and direction, marks."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_statement

pytestmark = pytest.mark.browser


def test_the_list_links_to_each_statement_page(page, live_server):
    make_statement("نص أول", title="بيان القيادة العامة")
    statement = make_statement("نص ثان", title="بيان المكتب الإعلامي")
    page.goto("/")
    page.get_by_role("link", name="بيان المكتب الإعلامي").click()
    expect(page.locator("h1")).to_have_text("بيان المكتب الإعلامي")
    assert page.url == live_server.url + statement.get_absolute_url()


@pytest.mark.parametrize(
    ("path", "lang", "direction"), [("/", "ar", "rtl"), ("/en/", "en", "ltr")]
)
def test_the_interface_language_sets_lang_and_dir(page, path, lang, direction):
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def test_a_search_marks_the_word_in_its_original_spelling(page):
    statement = make_statement("تواصل قوّاتُنا تقدّمها نحو الشمال", title="بيان")
    page.goto(f"{statement.get_absolute_url()}?q=قوات")
    expect(page.locator("mark")).to_have_text(["قوّاتُنا"])


def test_an_english_statement_reads_left_to_right_in_the_arabic_page(page):
    statement = make_statement(
        "Our forces withdrew from the city.", title="Statement", language="en"
    )
    page.goto(statement.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    text = page.get_by_text("Our forces withdrew from the city.")
    assert text.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert text.evaluate("e => e.closest('[dir]').dir") == "ltr"
    assert text.evaluate("e => e.closest('[lang]').lang") == "en"


def test_the_live_server_searches_this_tests_index(page):
    make_statement("أعلنت القيادة وقف إطلاق النار", title="بيان")
    response = page.request.get("/api/v1/search?q=إطلاق")
    assert response.ok
    assert response.json()["count"] == 1
