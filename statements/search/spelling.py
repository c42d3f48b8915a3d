"""Spelling help from the index's own vocabulary: typo corrections and "did you mean".

Distances are counted on the stems the index holds, so a correction is always
a word that some statement has: one edit for words of five letters or more,
two for words of nine or more.
"""

from ..arabic import begins_arabic, normalize_arabic, word_stems
from .engine import Reader
from .query import Clause

FIELD = "text"
CANDIDATES = 5
# Longer "words" are not words (URLs, runs of letters): no corrections for them.
LONGEST_WORD = 20
# The letters of normalized Arabic (after folding) and of lowercased Latin.
ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def max_distance(word: str) -> int:
    length = len(normalize_arabic(word))
    if length > LONGEST_WORD:
        return 0
    return 2 if length >= 9 else 1 if length >= 5 else 0


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


def edits(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in alphabet}
        | {a + c + b for a, b in splits for c in alphabet}
    )


def near_stems(reader: Reader, stem: str, distance: int) -> list[str]:
    """Indexed stems within ``distance`` edits of ``stem``, most frequent first."""
    if not distance:
        return []
    known = reader.vocabulary(FIELD)
    alphabet = ARABIC_LETTERS if begins_arabic(stem) else LATIN_LETTERS
    near = edits(stem, alphabet)
    if distance > 1:
        near |= {e2 for e1 in near for e2 in edits(e1, "")}
    found = sorted(
        (known & near) - {stem}, key=lambda t: (-reader.doc_frequency(FIELD, t), t)
    )
    return found[:CANDIDATES]


def unknown_word_corrections(reader: Reader, clauses) -> dict[str, tuple[str, str]]:
    """For each word no statement has: stem → (the word, the closest indexed stem)."""
    corrections = {}
    for clause in clauses:
        stem = single_stem(clause)
        if stem and not reader.doc_frequency(FIELD, stem):
            near = near_stems(reader, stem, max_distance(clause.text))
            if near:
                corrections[stem] = (clause.text, near[0])
    return corrections


def alternatives(reader: Reader, clauses) -> list[tuple[str, str, str]]:
    """(stem, word, alternative stem) for every correctable word, rarest word first.

    Tried one at a time when the words together find nothing: a typo can make
    another real word (رحلتهما → رحبتهما), which no unknown-word check sees.
    """
    words = [(single_stem(c), c.text) for c in clauses if isinstance(c, Clause)]
    words = [(s, w) for s, w in words if s and max_distance(w)]
    words.sort(key=lambda sw: reader.doc_frequency(FIELD, sw[0]))
    return [
        (s, w, alt) for s, w in words for alt in near_stems(reader, s, max_distance(w))
    ]


def suggestion(reader: Reader, clauses) -> str:
    """ "Did you mean": each word replaced by the closest word of the index, if any."""
    words, changed = [], False
    for clause in clauses:
        stem = single_stem(clause)
        # Our candidates, not Whoosh's suggest(): that compares the word with
        # every indexed term in reach, 11 s for three English words at 31.5k.
        near = near_stems(reader, stem, 2) if stem else []
        best = near[0] if near else None
        if best and best != stem:
            words.append(best)
            changed = True
        elif isinstance(clause, Clause):
            words.append(clause.text)
    return " ".join(words) if changed else ""
