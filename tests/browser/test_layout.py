"""Each page at a phone's and a desktop's width: screenshots, and nothing cut off."""

import struct

import pytest

from tests.factories import make_statement

from .layout import cut_off_sideways, save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = (360, 1440)
LANGUAGES = {"ar": "", "en": "/en"}


def png_width(path) -> int:
    """The width a PNG file declares in its header chunk."""
    header = path.read_bytes()[:24]
    assert header.startswith(b"\x89PNG"), f"{path} is not a PNG"
    return struct.unpack(">I", header[16:20])[0]


def two_paragraph_statement():
    return make_statement(
        "تواصل قوّاتُنا تقدّمها نحو الشمال.\nوتؤكد القيادة العامة التزامها.",
        title="بيان القيادة العامة",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_of_each_page_at_phone_and_desktop_widths(page, language):
    statement = two_paragraph_statement()
    pages = {"list": "/", "statement": f"{statement.get_absolute_url()}?q=قوات"}
    for name, path in pages.items():
        page.goto(LANGUAGES[language] + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            screenshot = save_screenshot(page, name)
            assert screenshot.name == f"{name}-{language}-{width}.png"
            # Wider when the page overflows (see the phone-screen tests below).
            assert png_width(screenshot) >= width


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_fits_a_phone_screen(page, language):
    two_paragraph_statement()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(LANGUAGES[language] + "/")
    assert cut_off_sideways(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_statement_page_fits_a_phone_screen(page, language):
    statement = two_paragraph_statement()
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(LANGUAGES[language] + statement.get_absolute_url())
    assert cut_off_sideways(page) == []
