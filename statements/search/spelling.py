"""Typo candidates from the index's own vocabulary, and "did you mean".

    >>> typo_stems(reader, "وبالمففاوضات")   # a key held, behind و ب ال
    {'مفاوض': Candidate(cost=1, label='وبالمفاوضات'), ...}

A candidate is always a stem some statement has. The edits (a letter dropped,
doubled, added, replaced, or two letters swapped) are made on the word *as
typed*, and each edited word is stemmed as the index stems words: a typo
changes what light stemming strips (الصحفيي loses one ي, not two; in
وهالمفاوضات the article is no longer an article), so editing the stem of the
misspelt word finds the wrong stems or none. How many edits a word may have
is counted on its core, without its clitics: وبالمففاوضات is a nine-letter
word behind four letters of و ب ال, not a thirteen-letter one, and two edits
of a short word reach dozens of unrelated words.

An edit costs ``SLIP`` (a letter dropped, doubled, added or swapped, or
replaced by one on a neighbouring key) or ``OTHER_LETTER`` (replaced by a
letter far from it on the keyboard), so that the likelier slip comes first.
Which candidate is meant is not decided here: ``corrections.py`` counts which
of them the rest of the query finds. Editing every letter and stemming each
of about 600 edits costs 2 to 8 ms a word on the full corpus, paid only for a
word no statement writes (``is_written``), or when the words together find
nothing.
"""

import functools
from typing import NamedTuple

from ..arabic import (
    begins_arabic,
    lexicon,
    light_stem,
    normalize_arabic,
    strip_prefixes,
    word_stems,
)
from .engine import Reader
from .query import Clause

FIELD = "text"
EXACT_FIELD = "exact"
# Clitics a word may carry, longest first (لل is ل + ال, which drops its alef).
CLITICS = (
    *("وبال", "فبال", "وكال", "فكال", "ولل", "فلل"),
    *("وال", "فال", "بال", "كال", "لل", "ال"),
    *("وب", "فب", "ول", "فل", "وك", "و", "ف", "ب", "ك", "ل"),
)
# Longer "words" are not words (URLs, runs of letters): no corrections for them.
LONGEST_WORD = 20
# One edit for a word of this many letters; two, on the stem, for a core
# (the word without its clitics) of TWO_EDITS_CORE.
SHORTEST_WORD = 5
TWO_EDITS_CORE = 9
# The letters of normalized Arabic (after folding) and of lowercased Latin.
ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The keyboards' letter rows, top down (" ": a key without one letter, لا).
KEYBOARD_ROWS = (
    ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤر ىةوزظ"),
    ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
)
# What a slip costs: a letter dropped, doubled (one too many), added, swapped
# with the next or replaced by a neighbouring key; any other letter costs more.
SLIP, OTHER_LETTER, TWO_SLIPS = 1, 2, 3


class Candidate(NamedTuple):
    """An indexed stem a word may stand for: what the slip costs, a word to show."""

    cost: int
    label: str


def max_edits(word: str) -> int:
    """Edits allowed to a normalized word: none below SHORTEST_WORD letters (a
    short word is one edit from too many), two for a long core."""
    if len(word) > LONGEST_WORD or len(word) < SHORTEST_WORD:
        return 0
    core = strip_prefixes(word, lexicon().is_known) if begins_arabic(word) else word
    return 2 if len(core) >= TWO_EDITS_CORE else 1


def single_stem(clause) -> str | None:
    """The stem of a plain one-word clause, the only kind that is corrected."""
    if (
        not isinstance(clause, Clause)
        or clause.phrase
        or clause.prefix
        or clause.negated
    ):
        return None
    stems = word_stems(clause.text)
    return stems[0] if len(stems) == 1 else None


@functools.cache
def keyboard_neighbours() -> dict[str, frozenset[str]]:
    """The letters on the keys around each letter's key (rows are staggered:
    a key touches two keys of the row above and two of the row below)."""
    near: dict[str, set[str]] = {}
    for rows in KEYBOARD_ROWS:
        grid = [[normalize_arabic(key) for key in row] for row in rows]
        for r, row in enumerate(grid):
            for c, key in enumerate(row):
                around = [(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1)]
                around += [(r + 1, c - 1), (r + 1, c)]
                near.setdefault(key, set()).update(
                    grid[i][j]
                    for i, j in around
                    if 0 <= i < len(grid) and 0 <= j < len(grid[i])
                )
    return {key: frozenset(keys - {" ", key}) for key, keys in near.items()}


def slips(word: str, alphabet: str) -> dict[str, int]:
    """Every string one edit from ``word``, with what the edit costs: ``SLIP``,
    or ``OTHER_LETTER`` for a letter replaced by one whose key is not near."""
    near = keyboard_neighbours()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    costs = {
        a + c + b[1:]: SLIP if c in near.get(b[0], ()) else OTHER_LETTER
        for a, b in splits
        if b
        for c in alphabet
    }
    costs.update(dict.fromkeys(edits(word, ""), SLIP))
    costs.update({a + c + b: SLIP for a, b in splits for c in alphabet})
    costs.pop(word, None)
    return costs


def edits(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away.

    A doubled letter (a key held down) is one deletion away, a dropped letter
    one insertion.
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in alphabet}
        | {a + c + b for a, b in splits for c in alphabet}
    )


def typo_stems(reader: Reader, text: str) -> dict[str, Candidate]:
    """Indexed stems of the words one edit from ``text`` as typed (and, for a
    long core, two edits from its stem), the word's own stem left out."""
    word = normalize_arabic(text)
    allowed = max_edits(word)
    if not allowed:
        return {}
    known = reader.vocabulary(FIELD)
    own = light_stem(word)
    alphabet = ARABIC_LETTERS if begins_arabic(word) else LATIN_LETTERS
    found: dict[str, Candidate] = {}
    for edited, cost in sorted(slips(word, alphabet).items(), key=_cheapest):
        stem = light_stem(edited)
        if stem in known and stem != own and stem not in found:
            found[stem] = Candidate(cost, edited)
    if allowed > 1:
        # Deletions and swaps of the one-edit stems: a second slip in a long word.
        near = edits(own, alphabet)
        near |= {e2 for e1 in near for e2 in edits(e1, "")}
        for stem in sorted(near & known):
            if stem != own and stem not in found:
                found[stem] = Candidate(TWO_SLIPS, stem)
    return found


def is_written(reader: Reader, text: str) -> bool:
    """Whether some statement has the word as typed, or without its clitics,
    or with the article.

    A typo often leaves a word whose stem is indexed (الكوميديي stems to
    كوميدي, as الكوميدية does), so its stem alone does not tell; but no
    statement writes it. A handful of forms, as each look-up costs about 0.1
    ms: trying every clitic on every core cost 5 to 9 ms a word.
    """
    word = normalize_arabic(text)
    cores = [word] + [
        word[len(clitic) :]
        for clitic in CLITICS
        if word.startswith(clitic) and len(word) - len(clitic) >= 2
    ]
    forms = dict.fromkeys(form for core in cores for form in (core, "ال" + core))
    return any(reader.doc_frequency(EXACT_FIELD, form) for form in forms)


def _cheapest(item: tuple[str, int]) -> tuple[int, str]:
    return item[1], item[0]


def _nearest(reader: Reader, text: str, stem: str) -> dict[str, Candidate]:
    """What a typed word may have meant: its typos' stems, else (a short word,
    never corrected in a search) the indexed stems of the words one edit away."""
    near = typo_stems(reader, text)
    if near:
        return near
    word = normalize_arabic(text)
    alphabet = ARABIC_LETTERS if begins_arabic(word) else LATIN_LETTERS
    known, found = reader.vocabulary(FIELD), {}
    for edited in sorted(edits(word, alphabet)):
        near = light_stem(edited)
        if near in known and near != stem:
            found.setdefault(near, Candidate(SLIP, edited))
    return found


def suggestion(reader: Reader, clauses) -> str:
    """ "Did you mean": each word replaced by the closest word of the index, if any."""
    words, changed = [], False
    for clause in clauses:
        stem = single_stem(clause)
        # Our candidates, not Whoosh's suggest(): that compares the word with
        # every indexed term in reach, 11 s for three English words at 31.5k.
        near = _nearest(reader, clause.text, stem) if stem else {}
        if near:
            best = min(
                near.items(),
                key=lambda item: (item[1].cost, -reader.doc_frequency(FIELD, item[0])),
            )
            words.append(best[1].label)
            changed = True
        elif isinstance(clause, Clause):
            words.append(clause.text)
    return " ".join(words) if changed else ""
