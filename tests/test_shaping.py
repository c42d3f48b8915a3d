"""Wrapping, shaping and reordering for the PDF renderer (statements.shaping)."""

import pytest
from reportlab.pdfbase import pdfmetrics

from statements.arabic.languages import right_to_left
from statements.formats.pdf import BODY, register_fonts
from statements.formats.shaping import (
    drawable,
    shaped,
    visual_line,
    wrap_logical,
)

SENTENCE = "تواصل قوّات سوريا الديمقراطية الحرب بلا هوادة ضد خلايا تنظيم داعش"


def measure(text: str) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, BODY.font, BODY.size)


def test_wrapped_lines_keep_logical_order_and_fit_the_width():
    lines = wrap_logical(SENTENCE, 120.0, measure)
    assert len(lines) > 2
    assert " ".join(lines) == SENTENCE
    assert all(measure(drawable(shaped(line))) <= 120.0 for line in lines)


def test_a_word_wider_than_the_line_is_cut_to_fit():
    url = "https://archive.example/statements/12/" + "x" * 80
    lines = wrap_logical(f"رابط {url}", 150.0, measure)
    assert "".join(lines[1:]) == url
    assert all(measure(line) <= 150.0 for line in lines)


def test_each_line_is_reordered_on_its_own():
    width = measure(shaped("ثالث رابع")) + 1
    first, second = wrap_logical("أول ثاني ثالث رابع", width, measure)
    assert (first, second) == ("أول ثاني", "ثالث رابع")
    # The first line's first word is drawn at its right end.
    assert drawable(visual_line(first, rtl=True)).endswith(shaped("أول")[::-1])


def test_marks_are_kept_in_shaping():
    assert "\u0651" in shaped("قوّات")


@pytest.mark.parametrize(
    ("language", "rtl"),
    [("ar", True), ("fa-IR", True), ("ckb", True), ("en", False), ("", False)],
)
def test_right_to_left_languages(language, rtl):
    assert right_to_left(language) is rtl
