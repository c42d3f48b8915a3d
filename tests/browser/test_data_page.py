"""/data/ in a browser: accessible, and its table of files fits a phone."""

import pytest

from statements.dumps import export_dumps
from tests.factories import small_archive

from .axe import axe_violations
from .layout import cut_off_sideways

pytestmark = pytest.mark.browser

LANGUAGES = {"ar": "", "en": "/en"}
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_data_page_has_no_axe_violations_and_fits_a_phone(page, language):
    small_archive()
    export_dumps()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(LANGUAGES[language] + "/data/")
    assert page.locator("table.data-files tbody tr").count() == 6
    assert axe_violations(page, impact=EVERY_IMPACT) == []
    assert cut_off_sideways(page) == []
