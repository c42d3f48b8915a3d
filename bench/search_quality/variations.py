"""The spelling variations of the benchmark, one function per query class.

Each takes a word as the article writes it (marks stripped) and returns the
word as a researcher might type it, or None when the class does not apply::

    >>> hamza("الأمن", random.Random(1), lexicon)
    Variation(query='الامن', also_matches=())

``also_matches`` names other words whose articles compete with the target
(the other number of a broken plural, real words one typo away): the query
builder counts them so that a fair engine can still rank the target first.
"""

import random
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from tables import (
    AMBIGUOUS_FORMS_TEXT,
    BROKEN_PLURALS_TEXT,
    ENGLISH_NAMES_TEXT,
    NAME_VARIANTS_TEXT,
    keyboard_neighbours,
    pairs,
)
from words import PREFIXES, fold, letter_count, stopwords

FATHA, DAMMA, KASRA, SHADDA, SUKUN = "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"
HAMZA_ALEFS = "أإآ"
# A clitic a researcher adds or drops in front of a word.
ATTACHABLE = ("و", "ب", "ال")
# Three clitics on one word: conjunction, preposition, article ("لل" is ل + ال).
STACKED = ("وبال", "فبال", "ولل", "فلل", "وكال")
STACKED_MOSTLY = ("وبال", "وبال", "ولل", "ولل", "فبال", "فلل")  # as often as in news


@dataclass(frozen=True)
class Variation:
    query: str
    also_matches: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """Word counts of the whole corpus, folded: which forms really occur."""

    article_counts: Counter

    def occurs(self, word: str, at_least: int = 1) -> bool:
        return self.article_counts[fold(word)] >= at_least

    def count(self, word: str) -> int:
        return self.article_counts[fold(word)]


Vary = Callable[[str, random.Random, Lexicon], Variation | None]


def changed(word: str, query: str, *also: str) -> Variation | None:
    if query == word or fold(query) in stopwords():
        return None
    return Variation(query, tuple(also))


def splits(word: str) -> list[tuple[str, str]]:
    """(clitic prefix, rest) for each prefix ``word`` may carry, the bare word first."""
    found = [("", word)]
    found += [(p, word[len(p) :]) for p in PREFIXES if word.startswith(p)]
    return [(p, rest) for p, rest in found if letter_count(rest) >= 3]


def exact(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    return Variation(word)


def hamza(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """Mostly drop every hamza on alef; now and then add one on a bare initial alef."""
    dropped = word.translate(str.maketrans(dict.fromkeys(HAMZA_ALEFS, "ا")))
    added = None
    # Only after nothing or the article: كامبالا is no ك + امبالا.
    article = next((a for a in ("وال", "بال", "ال") if word.startswith(a)), "")
    stem = word[len(article) :]
    if stem.startswith("ا") and not stem.startswith("ال") and len(stem) >= 4:
        added = article + rng.choice("أإ") + stem[1:]
    if dropped != word and (added is None or rng.random() < 0.85):
        return changed(word, dropped)
    return changed(word, added) if added else None


def ta_marbuta(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    return changed(word, word[:-1] + "ه") if word.endswith("ة") else None


def alef_maqsura(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    if word.endswith("ى"):
        return changed(word, word[:-1] + "ي")
    if word.endswith("ي"):
        return changed(word, word[:-1] + "ى")
    return None


def persian_keyboard(
    word: str, rng: random.Random, lexicon: Lexicon
) -> Variation | None:
    """Typed on a Persian layout: ی for ي and ى, ک for ك."""
    return changed(word, word.translate(str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})))


def presentation_forms(
    word: str, rng: random.Random, lexicon: Lexicon
) -> Variation | None:
    """Pasted from a PDF: every letter in its positional presentation form."""
    try:
        import arabic_reshaper
    except ImportError as exc:
        raise SystemExit(
            "presentation_forms needs arabic_reshaper: run `make install` first"
        ) from exc
    shaped = arabic_reshaper.reshape(word)
    # NFKC must give the word back, else the query is not the same word.
    if unicodedata.normalize("NFKC", shaped) != word:
        return None
    return changed(word, shaped)


def diacritics(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """Copied from a vocalized text: a short vowel, sukun or shadda on most letters."""
    out = []
    for n, letter in enumerate(word):
        out.append(letter)
        if letter in "اآىء" or (n == 1 and word.startswith("ال")):
            continue
        if rng.random() < 0.75:
            mark = rng.choice((FATHA, KASRA, DAMMA, FATHA, SUKUN))
            out.append(SHADDA + mark if n > 1 and rng.random() < 0.12 else mark)
    return changed(word, "".join(out))


def clitic_added(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """The query carries و, ب or ال that the text's word does not have."""
    if word.startswith("ال"):
        return changed(word, rng.choice(("و", "ب")) + word)
    if word.startswith(("و", "ب", "ف", "ل", "ك")):
        return None  # may already carry a clitic: adding one would stack them
    if not lexicon.occurs("ال" + word, 3):
        return None  # a verb or a name: no clitic a researcher would add
    return changed(word, rng.choice(ATTACHABLE) + word)


def clitic_removed(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """The query lacks a و, ب or ال (or وال, بال) that the text's word carries."""
    for prefix in ("وال", "بال", "فال", "كال", "لل"):
        rest = word[len(prefix) :]
        if word.startswith(prefix) and _takes_article(rest, lexicon):
            query = (
                "ال" + rest if prefix == "لل" else rng.choice(("ال", "ال", "")) + rest
            )
            return changed(word, query)
    if word.startswith("ال") and _takes_article(word[2:], lexicon):
        return changed(word, word[2:])
    return None


def _takes_article(rest: str, lexicon: Lexicon) -> bool:
    """Whether ال + rest is the article on a word (not فالنسيا, بالوتيلي)."""
    return (
        letter_count(rest) >= 3
        and lexicon.occurs(rest, 3)
        and lexicon.occurs("ال" + rest, 3)
    )


def stacked_prefixes(
    word: str, rng: random.Random, lexicon: Lexicon
) -> Variation | None:
    """Text الأمن, query وللأمن / فبالأمن; or text وبالنسبة, query النسبة."""
    for prefix in STACKED:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and _takes_article(rest, lexicon):
            return changed(word, "ال" + rest)
    rest = word[2:]
    if (
        word.startswith("ال")
        and not rest.startswith("ل")
        and _takes_article(rest, lexicon)
    ):
        return changed(word, rng.choice(STACKED_MOSTLY) + rest)
    return None


@cache
def _verb_like() -> frozenset[str]:
    """Forms that may be a verb or another word in the text: never the source."""
    return frozenset(fold(w) for w in AMBIGUOUS_FORMS_TEXT.split())


@cache
def _plural_forms() -> dict[str, str]:
    table = {}
    for singular, plural in pairs(BROKEN_PLURALS_TEXT):
        table[fold(singular)] = plural
        table[fold(plural)] = singular
    return table


def broken_plural(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """The other number of a broken plural: text السجون, query السجن."""
    other_forms = _plural_forms()
    for prefix, rest in splits(word):
        other = other_forms.get(fold(rest))
        if other and fold(rest) not in _verb_like():
            return changed(word, prefix + other, prefix + other)
    return None


def _sound_plural_forms(stem: str) -> list[str]:
    """Candidate other-number forms of ``stem`` by the sound plural endings."""
    if stem.endswith(("ون", "ين")):
        return [stem[:-2]]
    if stem.endswith("ات"):
        return [stem[:-2] + "ة", stem[:-2]]
    base = stem[:-1] if stem.endswith("ة") else stem
    return [stem + "ون", stem + "ين", base + "ات"]


def _is_sound_plural(form: str, lexicon: Lexicon) -> bool:
    """ـون/ـين plurals need their twin in the corpus (زيتون has no زيتين)."""
    if form.endswith(("ون", "ين")):
        twin = form[:-2] + ("ين" if form.endswith("ون") else "ون")
        return _uses(twin, lexicon) >= 2
    return True


def _uses(stem: str, lexicon: Lexicon) -> int:
    return lexicon.count(stem) + lexicon.count("ال" + stem)


def sound_plural(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """Singular for a sound plural in the text (المسلحين → المسلح), or the reverse."""
    prefix, stem = next(
        ((p, s) for p, s in splits(word)[1:] if p in ("وال", "بال", "لل", "ال")),
        ("", word),
    )
    if fold(stem) in stopwords():
        return None
    plural_in_text = stem.endswith(("ون", "ين", "ات"))
    if plural_in_text and not _is_sound_plural(stem, lexicon):
        return None
    best = None
    for form in _sound_plural_forms(stem):
        if letter_count(form) < 4 or fold(form) in stopwords():
            continue
        if not plural_in_text and not (
            _is_sound_plural(form, lexicon) and lexicon.occurs("ال" + stem, 3)
        ):
            continue  # a singular that never takes the article may be a verb
        if _uses(form, lexicon) >= 5 and (
            best is None or _uses(form, lexicon) > _uses(best, lexicon)
        ):
            best = form
    return changed(word, prefix + best) if best else None


@cache
def _name_spellings() -> list[tuple[str, str]]:
    """(spelling, other spelling) both ways round."""
    both = []
    for a, b in pairs(NAME_VARIANTS_TEXT):
        both += [(a, b), (b, a)]
    return both


def name_variant(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """The other spelling of a foreign name: text أميركا, query أمريكا."""
    for prefix, rest in splits(word):
        for spelling, other in _name_spellings():
            if spelling.endswith("*") and rest.startswith(spelling[:-1]):
                query = prefix + other[:-1] + rest[len(spelling) - 1 :]
                return changed(word, query, query)
            if rest == spelling:
                return changed(word, prefix + other, prefix + other)
    return None


def _typos(stem: str, rng: random.Random) -> list[str]:
    """One substitution (by a neighbouring key), deletion, insertion or swap."""
    near = keyboard_neighbours()
    n = rng.randrange(1, len(stem))  # never the first letter: people see it
    kind = rng.choice(("substitute", "delete", "insert", "swap"))
    if kind == "substitute" and near.get(stem[n]):
        return [stem[:n] + rng.choice(near[stem[n]]) + stem[n + 1 :]]
    if kind == "delete":
        return [stem[:n] + stem[n + 1 :]]
    if kind == "insert" and near.get(stem[n]):
        return [stem[:n] + rng.choice(near[stem[n]] + stem[n]) + stem[n:]]
    if kind == "swap" and n + 1 < len(stem) and stem[n] != stem[n + 1]:
        return [stem[:n] + stem[n + 1] + stem[n] + stem[n + 2 :]]
    return []


def one_edit_away(word: str, lexicon: Lexicon) -> list[str]:
    """Words of the corpus one edit from ``word`` (folded): a fuzzy match finds them."""
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءؤئ"
    w = fold(word)
    edits = {w[:i] + w[i + 1 :] for i in range(len(w))}
    edits |= {w[:i] + c + w[i + 1 :] for i in range(len(w)) for c in letters}
    edits |= {w[:i] + c + w[i:] for i in range(len(w) + 1) for c in letters}
    edits |= {w[:i] + w[i + 1] + w[i] + w[i + 2 :] for i in range(len(w) - 1)}
    return sorted(e for e in edits if e != w and lexicon.occurs(e))


def typo(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """One-letter slip in a word of six letters or more, never a real word."""
    if letter_count(word) < 6:
        return None
    article = next((p for p in ("وال", "بال", "ال") if word.startswith(p)), "")
    for wrong in _typos(word[len(article) :], rng):
        query = article + wrong
        if fold(query) != fold(word) and not lexicon.occurs(query):
            return changed(word, query, *one_edit_away(query, lexicon))
    return None


@cache
def english_names() -> dict[str, str]:
    """Folded Arabic name (one or two words) → the English name."""
    return {fold(arabic): english for arabic, english in pairs(ENGLISH_NAMES_TEXT)}


def english_name(word: str, rng: random.Random, lexicon: Lexicon) -> Variation | None:
    """The English name for an Arabic place or actor: text بإدلب, query Idlib.

    ``word`` may be a two-word name ("حزب الله") that the builder joined.
    """
    return english_for(word, english_names())


def english_for(word: str, names: dict[str, str]) -> Variation | None:
    """The English name of ``names`` (folded Arabic → English) for ``word``."""
    for prefix, rest in splits(word):
        english = names.get(fold(rest)) or (
            names.get(fold("ال" + rest)) if prefix.endswith("لل") else None
        )
        if english:
            return Variation(english)
    return None


STANDARD_CLASSES: dict[str, Vary] = {
    "hamza": hamza,
    "ta_marbuta": ta_marbuta,
    "alef_maqsura": alef_maqsura,
    "persian_keyboard": persian_keyboard,
    "presentation_forms": presentation_forms,
    "diacritics": diacritics,
    "clitic_added": clitic_added,
    "clitic_removed": clitic_removed,
    "sound_plural": sound_plural,
}
HARD_CLASSES: dict[str, Vary] = {
    "stacked_prefixes": stacked_prefixes,
    "broken_plural": broken_plural,
    "name_variant": name_variant,
    "typo": typo,
    "english_name": english_name,
}
CONTROL_CLASSES: dict[str, Vary] = {"exact": exact}
