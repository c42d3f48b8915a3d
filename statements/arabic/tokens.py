"""Tokenizing: the words of a text with their character offsets into the original.

    >>> list(tokenize("قوّاتُ «الأمن»، CNN"))
    [('قوّاتُ', 0, 6), ('الأمن', 8, 13), ('CNN', 16, 19)]

Words keep their diacritics, tatweel and ZWNJ; punctuation, symbols and
whitespace separate them. Arabic and other scripts form separate runs, so
لCNN is ل + CNN.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator

ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_JOINERS = "\u200c\u200d\ufeff"  # ZWNJ, ZWJ and ZWNBSP sit inside words


def _char_class(keep: Callable[[str], bool], ranges: str) -> str:
    """The code points in ``ranges`` (low-high pairs) that ``keep``, as a class."""
    spans: list[list[int]] = []
    for low, high in zip(ranges[::2], ranges[1::2], strict=True):
        for code in range(ord(low), ord(high) + 1):
            if not keep(chr(code)):
                continue
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


def _is_arabic_word_start(char: str) -> bool:
    # Presentation forms count whole (their symbols are pieces of words), except
    # the ornate parentheses; tatweel and the Quranic small waw/yeh only continue.
    if "\ufb50" <= char <= "\ufefe":
        return char not in "\ufd3e\ufd3f"
    return char.isalnum() and char not in "\u0640\u06e5\u06e6"


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


# Arabic letters live in these blocks (as low-high pairs of code points).
_BLOCKS = "\u0600\u06ff\u0750\u077f\u0870\u08ff\ufb50\ufdff\ufe70\ufefe"
_ARABIC = re.compile(f"[{_char_class(bool, _BLOCKS)}]")


def _is_other_mark(char: str) -> bool:
    return _is_mark(char) and not _ARABIC.match(char)


_AR_START = _char_class(_is_arabic_word_start, _BLOCKS)
_AR_MORE = _char_class(_is_mark, _BLOCKS) + ARABIC_MARKS + "\u0640\u06e5\u06e6"
_MARKS = _char_class(_is_other_mark, "\u0300\uffff")
_OTHER = rf"[^\W_{_char_class(bool, _BLOCKS)}]"
_TOKEN = re.compile(
    f"[{_AR_START}][{_AR_START}{_AR_MORE}{_JOINERS}]*"
    f"|{_OTHER}(?:{_OTHER}|[{_MARKS}{_JOINERS}])*"
)


def begins_arabic(text: str) -> bool:
    """Whether ``text`` starts with a character of the basic Arabic block.

    >>> begins_arabic("الأمن"), begins_arabic("SDF"), begins_arabic("")
    (True, False, False)
    """
    return "\u0600" <= text[:1] <= "\u06ff"


def surface_words(text: str) -> list[str]:
    """The words of ``text`` as written, without offsets (``tokenize``'s words)."""
    return _TOKEN.findall(text)


def tokenize(text: str) -> Iterator[tuple[str, int, int]]:
    """The words of ``text`` with their offsets: ``text[start:end] == word``."""
    # findall + find is faster than finditer's match objects, and exact: any
    # character that can start a word starts a match, so no word begins between
    # two matches and a word's first occurrence after the last one is its match.
    end = 0
    for word in _TOKEN.findall(text):
        start = text.find(word, end)
        end = start + len(word)
        yield word, start, end
