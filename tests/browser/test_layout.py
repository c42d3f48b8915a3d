"""Each page at a phone's and a desktop's width: screenshots, and nothing cut off."""

import struct

import pytest

from tests.factories import small_archive

from .archive import main_pages
from .layout import cut_off_sideways, save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = (360, 1440)
LANGUAGES = {"ar": "", "en": "/en"}


def png_width(path) -> int:
    """The width a PNG file declares in its header chunk."""
    header = path.read_bytes()[:24]
    assert header.startswith(b"\x89PNG"), f"{path} is not a PNG"
    return struct.unpack(">I", header[16:20])[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_of_the_main_pages_at_phone_and_desktop_widths(page, language):
    for name, path in main_pages(small_archive()).items():
        page.goto(LANGUAGES[language] + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            screenshot = save_screenshot(page, name)
            assert screenshot.name == f"{name}-{language}-{width}.png"
            assert png_width(screenshot) >= width


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_pages_fit_a_phone_screen(page, language):
    page.set_viewport_size({"width": 360, "height": 800})
    cut_off = {}
    for name, path in main_pages(small_archive()).items():
        page.goto(LANGUAGES[language] + path)
        cut_off[name] = cut_off_sideways(page)
    assert cut_off == {name: [] for name in cut_off}
