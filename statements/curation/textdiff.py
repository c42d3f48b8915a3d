"""The difference between two versions of a text, word by word, lines kept.

For the statement page when a curator corrected the text received: the
pieces, each kept, removed or added, are rendered with ``<del>``/``<ins>``::

    >>> [(p.kind, p.text) for p in word_diff("قصف المدينة", "قصف البلدة")]
    [('same', 'قصف '), ('removed', 'المدينة'), ('added', 'البلدة')]

Python's ``difflib`` over words and the spaces between them (``autojunk``
off: with it, common words in a long text are ignored and the diff jumps);
a line end is a separator like a space, so a changed line shows as words.
"""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed" or "added"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, "same", a[i1:i2])
            continue
        _add(pieces, "removed", a[i1:i2])
        _add(pieces, "added", b[j1:j2])
    return pieces


def _add(pieces: list[Piece], kind: str, tokens: list[str]) -> None:
    """Append, merged with the last piece when it is of the same kind."""
    if not tokens:
        return
    text = "".join(tokens)
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
