"""Suffix stripping: one attached pronoun, then one inflectional ending.

Suffixes leave at least three letters (four for ان, which ends many names:
لبنان, سلمان, شعبان). Kept apart from ``stemming`` because the lexicon needs
it too: a known word protects its suffixed forms (وزيرها).
"""

# Suffix → letters the stem must keep. Looked up by the last three, two and one
# letters, so the longest suffix that leaves enough of the word wins. ته is ة + ه
# (حكومته); ان keeps four letters because it ends many names (لبنان, سلمان).
_PRONOUNS = dict.fromkeys(("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها"), 3)
_ENDINGS = {
    **dict.fromkeys(("يين", "يون", "يات", "تين", "تان"), 3),
    **dict.fromkeys(("ات", "ون", "ين", "ته", "يه", "وا", "ه", "ي", "ا"), 3),
    "ان": 4,
}


def _strip_one(word: str, suffixes: dict[str, int]) -> str:
    for size in (3, 2, 1):
        keep = suffixes.get(word[-size:])
        if keep is not None and len(word) - size >= keep:
            return word[:-size]
    return word


def strip_pronoun(word: str) -> str:
    """``word`` without one attached pronoun; ة, written ت before it, comes back.

    >>> strip_pronoun("حكومتها"), strip_pronoun("بيتها"), strip_pronoun("مهم")
    ('حكومه', 'بيت', 'مهم')
    """
    stem = _strip_one(word, _PRONOUNS)
    if stem != word and stem[-1] == "ت" and stem[-2] != "ا" and len(stem) >= 4:
        return stem[:-1] + "ه"
    return stem


def strip_ending(word: str) -> str:
    """``word`` without one inflectional ending (plural, dual, ة, nisba, tanween).

    >>> [strip_ending(w) for w in ("معتقلين", "معتقلي", "قوات", "دوله")]
    ['معتقل', 'معتقل', 'قوات', 'دول']
    """
    return _strip_one(word, _ENDINGS)


def strip_suffixes(word: str) -> str:
    """``word`` without a pronoun and an ending: ``strip_ending(strip_pronoun(w))``."""
    return strip_ending(strip_pronoun(word))
