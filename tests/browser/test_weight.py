"""The statement page, with its fonts, styles and script, weighs under 300 KB."""

import pytest

from tests.factories import make_statement
from tests.test_seed import SEED

pytestmark = pytest.mark.browser

BUDGET = 300_000


def test_a_long_arabic_statement_page_weighs_under_300_kb(page):
    statement = make_statement(
        SEED.read_text(encoding="utf-8"), title="بيان القيادة العامة"
    )
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(statement.get_absolute_url() + "?q=قوات", wait_until="networkidle")
    assert any(url.endswith(".woff2") for url in sizes), "the Naskh font is loaded"
    total = sum(sizes.values())
    print(f"statement page: {total} bytes in {len(sizes)} responses")
    assert total < BUDGET, sizes
