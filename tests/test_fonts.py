"""The fonts the archive serves and embeds: present, licensed, in budget, covering."""

import re
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase.ttfonts import TTFontFile

STATIC = Path(settings.BASE_DIR) / "static"
FONT_DIR = Path(settings.BASE_DIR) / "statements" / "formats" / "fonts"
FONTS_CSS = STATIC / "css" / "fonts.css"
# The statement page must stay under 300 KB with its fonts: the web fonts it
# can load get at most this much of it.
WEB_FONT_BUDGET = 170_000


def font_faces() -> list[str]:
    return re.findall(r"@font-face\s*\{(.*?)\}", FONTS_CSS.read_text(), re.DOTALL)


def test_every_web_font_in_fonts_css_exists_and_all_fit_the_budget():
    urls = re.findall(r'url\("([^"]+)"\)', FONTS_CSS.read_text())
    files = [(FONTS_CSS.parent / url).resolve() for url in urls]
    assert len(files) == 2, "regular and bold"
    for path in files:
        assert path.read_bytes()[:4] == b"wOF2", path
    assert sum(path.stat().st_size for path in files) <= WEB_FONT_BUDGET


def test_font_faces_are_the_archive_naskh_swapped_and_ranged():
    faces = font_faces()
    assert {re.search(r"font-weight:\s*(\d+)", face)[1] for face in faces} == {
        "400",
        "700",
    }
    for face in faces:
        assert 'font-family: "Archive Naskh"' in face
        assert "font-display: swap" in face
        ranges = re.search(r"unicode-range:([^;]+);", face)[1]
        for needed in ("U+0020-007E", "U+0600-06FF", "U+FE70-FEFF", "U+2010-2027"):
            assert needed in ranges


def test_fonts_carry_their_licence():
    for folder in (STATIC / "fonts", FONT_DIR):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text()


def test_pdf_fonts_are_truetype_covering_arabic_forms_latin_and_digits():
    needed = [
        *range(0x0621, 0x063B),  # Arabic letters
        *range(0x0641, 0x0653),  # Arabic letters and marks
        *range(0x0660, 0x066A),  # Arabic-Indic digits
        *range(0xFE80, 0xFEFD),  # the presentation forms the reshaper draws
        *range(0x0020, 0x007F),  # basic Latin, digits, punctuation
        0x060C,  # Arabic comma
        0x061F,  # Arabic question mark
        0x00AB,  # «
        0x00BB,  # »
        0x2026,  # …
    ]
    for name in ("ArchiveNaskh-Regular.ttf", "ArchiveNaskh-Bold.ttf"):
        font = TTFontFile(str(FONT_DIR / name))
        missing = [hex(c) for c in needed if c not in font.charToGlyph]
        assert not missing, f"{name} lacks {missing}"
