"""The list pages served from the database while the index cannot be read:
accessible, fitting a phone, their «Next page» link followed by a click."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.factories import make_statement, small_archive

from .axe import axe_violations
from .layout import cut_off_sideways

pytestmark = pytest.mark.browser

LANGUAGES = {"ar": "", "en": "/en"}
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture
def without_index(search_index):
    """The small archive and 25 more statements, indexed as each commit does,
    then the index folder deleted under the live server."""
    archive = small_archive()
    for n in range(25):
        make_statement(f"نص رقم {n}", title=f"بيان إضافي {n}", issuer=archive["sdf"])
    shutil.rmtree(search_index.path)
    return archive


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_database_pages_have_no_axe_violations_and_fit_a_phone(
    page, language, without_index
):
    page.set_viewport_size({"width": 360, "height": 800})
    actor = without_index["sdf"].get_absolute_url()
    for path in ("/", "/statements/", "/actors/", actor, "/archive/2020/"):
        response = page.goto(LANGUAGES[language] + path)
        assert response.status == 200, path
        expect(page.locator(".index-notice")).to_be_visible()
        assert axe_violations(page, impact=EVERY_IMPACT) == [], path
        assert cut_off_sideways(page) == [], path


def test_next_page_then_first_page_by_clicking(page, without_index):
    page.goto("/en/statements/")
    first = page.locator(".item-title").all_inner_texts()
    page.get_by_role("link", name="Next page").click()
    second = page.locator(".item-title").all_inner_texts()
    assert second and not set(first) & set(second)
    page.get_by_role("link", name="First page").click()
    assert page.locator(".item-title").all_inner_texts() == first
