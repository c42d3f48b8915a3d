"""Arabic lines for the PDF: wrapped, shaped and reordered before ReportLab draws them.

ReportLab shapes (HarfBuzz) and reorders (its bidi) only when the optional
``uharfbuzz`` and ``rlbidi`` are installed; without them it draws characters
in the order given. This module does both with arabic-reshaper and
python-bidi's pure-Python algorithm. A paragraph is cut into lines in logical
order first (a word wider than a line, a URL or a hash, is cut to fit); each
line is then shaped (letters to their joined presentation forms) and
reordered on its own, because the bidi algorithm reorders per line (UAX #9:
rules L1-L2 come after line breaking), and reordering a whole paragraph before
cutting it would put an RTL paragraph's lines in the wrong order. Isolates
become embeddings (the algorithm predates them), and format characters are
dropped once they have done their work. The result is for drawing only; it is
never stored.

    def measure(text):  # the drawn width of shaped text, in points
        return pdfmetrics.stringWidth(text, "ArchiveNaskh", 12)

    for line in wrap_logical(paragraph, 480.0, measure):
        canvas.drawRightString(536.0, y, visual_line(line, rtl=True))
"""

import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

from arabic_reshaper import ArabicReshaper

# The pure-Python algorithm, not python-bidi's Rust one (``bidi.get_display``):
# only this one mirrors brackets and guillemets in right-to-left runs, and a
# renderer without a shaping engine cannot mirror them itself.
from bidi.algorithm import get_display

# Diacritics are kept (the reshaper deletes them by default): the PDF shows the
# text as published, shadda and all. Kept in logical order, each mark follows
# its letter; reordered, it comes just before it, which is where this font's
# zero-width marks, drawn to the right of the pen, land on their letter.
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": False})

# The pure-Python algorithm predates isolates (LRI, RLI, FSI, PDI) and fails on
# them; the embeddings it knows (LRE, RLE, PDF) do nearly the same in a line.
LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"
_ISOLATES = {"\u2066": LRE, "\u2067": RLE, "\u2069": PDF}
FSI = "\u2068"

Measure = Callable[[str], float]


# Words come back often, and the reshaper is slow per call (it reads its
# configuration each time): a bounded cache of the shaped forms.
@lru_cache(maxsize=8192)
def shaped(text: str) -> str:
    """Arabic letters replaced by the presentation form their neighbours call for."""
    return _RESHAPER.reshape(text)


def left_to_right(text: str) -> str:
    """Text kept in one left-to-right piece in any line: a URL, a hash.

    Else in a right-to-left line a URL's trailing slash, a neutral at the
    line's end, would be drawn at the far left.
    """
    return f"{LRE}{text}{PDF}" if text else ""


def drawable(text: str) -> str:
    """Text without its format characters (bidi controls, ZWJ, ZWNJ…): they have
    done their work in shaping and reordering, and have nothing to draw."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def visual_line(line: str, rtl: bool) -> str:
    """One line of logical text, shaped and in the left-to-right order of drawing."""
    reordered = get_display(
        _without_isolates(shaped(line)), base_dir="R" if rtl else "L"
    )
    return drawable(reordered)


def _without_isolates(text: str) -> str:
    """Isolates as the embeddings of the same direction; an FSI takes the
    direction of the first strong letter after it."""
    chars = [_ISOLATES.get(char, char) for char in text]
    for i, char in enumerate(chars):
        if char == FSI:
            chars[i] = RLE if _first_strong_is_rtl(text[i + 1 :]) else LRE
    return "".join(chars)


def _first_strong_is_rtl(text: str) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def wrap_logical(paragraph: str, width: float, measure: Measure) -> list[str]:
    """Cut a paragraph into lines no wider than ``width``, still in logical order.

    ``measure`` gives the drawn width of shaped text. Words are measured shaped
    (joining never crosses a space, so a word is shaped the same alone as in its
    line); runs of white space become one space.
    """
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    space = measure(" ")
    for word, word_width in _measured_pieces(paragraph.split(), width, measure):
        needed = current_width + space + word_width if current else word_width
        if current and needed > width:
            lines.append(" ".join(current))
            current, needed = [], word_width
        current.append(word)
        current_width = needed
    if current:
        lines.append(" ".join(current))
    return lines


def _measured_pieces(
    words: list[str], width: float, measure: Measure
) -> Iterator[tuple[str, float]]:
    """(word, drawn width); a word wider than a line (a URL, a hash) cut to fit."""
    for word in words:
        word_width = measure(drawable(shaped(word)))
        while word_width > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(drawable(shaped(word[:cut]))) > width:
                cut -= 1
            yield word[:cut], measure(drawable(shaped(word[:cut])))
            word = word[cut:]
            word_width = measure(drawable(shaped(word)))
        yield word, word_width
