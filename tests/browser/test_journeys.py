"""What a reader does: search from the home page, filter, switch language, download."""

import json
import unicodedata

import pytest
from pdfminer.high_level import extract_text
from playwright.sync_api import expect

from tests.factories import small_archive

pytestmark = pytest.mark.browser


def test_search_from_home_then_open_a_result_marked_in_its_spelling(page):
    small_archive()
    page.goto("/")
    page.get_by_label("ابحث في البيانات").fill("سجن")
    page.get_by_label("ابحث في البيانات").press("Enter")
    expect(page.locator(".result-count")).to_have_text("بيان واحد")
    page.get_by_role("link", name="بيان حول السجون").click()
    expect(page.locator("h1")).to_have_text("بيان حول السجون")
    # The singular typed; the plural with its kasra marked, as written.
    expect(page.locator(".statement-body mark")).to_have_text(["سجونِ"])


def test_a_facet_narrows_the_results_and_its_chip_removes_it(page):
    archive = small_archive()
    page.goto("/statements/")
    expect(page.locator(".statement-item")).to_have_count(3)
    page.get_by_label(str(archive["sdf"]), exact=False).first.check()
    page.get_by_role("button", name="طبّق المرشّحات").click()
    expect(page.locator(".results .statement-item")).to_have_count(2)
    assert f"issuer={archive['sdf'].pk}" in page.url
    page.locator(".chips a").click()
    expect(page.locator(".results .statement-item")).to_have_count(3)


def test_switching_to_english_and_back_keeps_the_page_and_query(page):
    small_archive()
    page.goto("/search/?q=قوات")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Search the statements")).to_have_value("قوات")
    assert "/en/search/" in page.url
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("ابحث في البيانات")).to_have_value("قوات")


def test_download_the_citation_and_the_pdf(page, tmp_path):
    statement = small_archive()["prisons"]
    page.goto(statement.get_absolute_url())
    with page.expect_download() as csl:
        page.get_by_role("link", name="CSL-JSON").click()
    (item,) = json.loads(csl.value.path().read_text(encoding="utf-8"))
    assert item["title"] == "بيان حول السجون"
    assert item["issued"] == {"date-parts": [[2020, 5, 3]]}
    with page.expect_download() as pdf:
        page.get_by_role("link", name="البيان بصيغة PDF").click()
    assert pdf.value.suggested_filename == f"statement-{statement.pk}.pdf"
    text = unicodedata.normalize("NFKC", extract_text(pdf.value.path()))
    assert "2020-05-03" in text
