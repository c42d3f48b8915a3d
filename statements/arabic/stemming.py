"""Light stemming: the index term of a normalized word.

Per word: strip prefixes (و ف, then ب ك ل, then ال; لل is ل+ال) → fold
spelling variants (after the prefixes, so لأميركا meets أمريكا) → broken-plural
dictionary → strip one pronoun suffix → broken-plural dictionary again (so
بسجونهم → سجن) → strip one ending → fold the stems of spelling variants (so
الأميركيين meets الأمريكيين). Latin words (a-z) get the Snowball English
(Porter2) stemmer.

Guards against over-stemming: a prefix letter is stripped only if at least three
letters remain (two after ال); a clitic before ال only together with the article
(بالغ, والد stay whole); and never from a known word (``lexicon``), even with a
suffix. Known words also stop stripping part-way: لبريطانيا → بريطانيا. A few
names are kept whole (``KEPT_WHOLE``: حماة is not حماية).
"""

from collections.abc import Callable

import snowballstemmer

from .lexicon import KEPT_WHOLE, lexicon
from .suffixes import strip_ending, strip_pronoun, strip_suffixes
from .tokens import begins_arabic


def _strip_clitic(word: str, letters: str, is_known: Callable[[str], bool]) -> str:
    """``word`` without one leading letter of ``letters``, where that is safe."""
    if len(word) < 4 or word[0] not in letters or is_known(word):
        return word
    rest = word[1:]
    # A clitic before ال goes only together with the article: بالغ stays.
    if rest.startswith("ال") and len(rest) < 4:
        return word
    return rest


def _strip_article(word: str, is_known: Callable[[str], bool]) -> str:
    if word.startswith("ال") and len(word) >= 4 and not is_known(word):
        return word[2:]
    return word


def strip_prefixes(word: str, is_known: Callable[[str], bool]) -> str:
    """``word`` without its conjunction, preposition and article, in that order.

    >>> strip_prefixes("فبالنسبه", lexicon().is_known)
    'نسبه'
    >>> strip_prefixes("لبريطانيا", lexicon().is_known)
    'بريطانيا'
    """
    rest = _strip_clitic(word, "وف", is_known)
    if rest.startswith("لل") and not is_known(rest):
        # ل before ال drops the alef (للامن), unless the word itself starts
        # with ل (للبنان is ل + لبنان).
        if is_known(rest[1:]) or len(rest) < 4:
            return rest[1:] if len(rest) >= 4 else rest
        return rest[2:]
    return _strip_article(_strip_clitic(rest, "بكل", is_known), is_known)


# The official Snowball algorithm (PyStemmer's C code when it is installed).
_ENGLISH = snowballstemmer.stemmer("english")


def light_stem(term: str) -> str:
    """The index term of a normalized word: prefixes, plurals and suffixes removed.

    >>> [light_stem(w) for w in ("وللامن", "بسجونهم", "المعتقلين", "statements")]
    ['امن', 'سجن', 'معتقل', 'statement']
    """
    if not begins_arabic(term):
        return _ENGLISH.stemWord(term) if "a" <= term[:1] <= "z" else term
    lex = lexicon()
    core = strip_prefixes(term, lex.is_known)
    core = lex.variants.get(core, core)
    if core in KEPT_WHOLE:
        return core
    if core in lex.plurals:
        return lex.plurals[core]
    core = strip_pronoun(core)
    if core in lex.plurals:
        return lex.plurals[core]
    stem = strip_ending(core)
    return lex.stem_variants.get(stem, stem)


def stem_alternatives(term: str) -> list[str]:
    """The index terms a normalized query word may stand for, its light stem first.

    Light stemming has to guess whether a first و ف ب ل ك is a particle, and
    the guess depends on the article: الفتاكة keeps its ف (فتاك) where a bare
    فتاكة loses it (تاك). A query word therefore also stands for the stems of
    its letters without the article, and without any prefix stripped.

    >>> stem_alternatives("فتاكه")
    ['تاك', 'فتاك', 'فتاكه']
    """
    bare = term[2:] if term.startswith("ال") and len(term) > 4 else term
    found = [light_stem(term), light_stem(bare), strip_suffixes(bare), bare]
    return list(dict.fromkeys(t for t in found if t))
