"""Accessibility: axe-core finds nothing serious; the keyboard reaches the content."""

import pytest
from playwright.sync_api import expect

from tests.factories import small_archive

from .archive import main_pages
from .axe import axe_violations

pytestmark = pytest.mark.browser

LANGUAGE_PREFIXES = {"ar": "", "en": "/en"}
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("name", ["home", "browse", "search", "statement", "actor"])
@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_main_pages_have_no_axe_violations(page, language, name):
    path = main_pages(small_archive())[name]
    page.goto(LANGUAGE_PREFIXES[language] + path)
    # Not even minor ones (heading order, roles): none today, keep it so.
    assert axe_violations(page, impact=EVERY_IMPACT) == []


def test_the_first_tab_shows_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_attribute("href", "#content")
    expect(skip_link).to_be_in_viewport()


def test_axe_violations_name_the_rule_and_the_element(page):
    page.set_content(
        '<html lang="ar"><title>بحث</title><main><input id="q"></main></html>'
    )
    (violation,) = axe_violations(page)
    assert violation.startswith("label (critical): Form elements must have labels")
    assert " at: #q (Fix any of the following: Element does not have" in violation
