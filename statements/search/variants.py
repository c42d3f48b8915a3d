"""Other spellings of a foreign name, and compounds, from the index's own vocabulary.

    >>> sound_stems(reader, "الجابون")        # respelt once: G, vowels, endings
    {'غاب': 'الغابون', ...}
    >>> same_sound(reader, "جوجنهايم")       # same sound key, two letters apart
    ['غوغنهايم']
    >>> joined_stem(reader, "تيك", "توك")    # two words written as one
    'تيكتوك'
    >>> split_readings(reader, "سنابشات")    # one word written as two
    {'سناب شات': 'سناب شات'}

The spelling table (``arabic/data/spelling_variants.tsv``) folds frequent
names at indexing time, but no table lists every name. Two ways generalize:

- the word as typed, respelt once as transliterations differ
  (``arabic.phonetic.respellings``: غ/ج/ك/ق, a long vowel, a final ا/ه, an
  alif after a final و), each respelling stemmed as the index stems it: a
  name's stem may lose an ending that looks Arabic (الغابون stems to غاب), so
  spellings are compared as written;
- the stems of the index grouped by their sound key (``name_key``), once per
  index version (0.23 s for the 68,000 stems of the full corpus, after the
  vocabulary's own 0.33 s), for spellings further apart (جوجنهايم,
  غوغنهايم), kept within ``MAX_SPELLING_EDITS`` letters.

The table stays for what neither reaches (أوردوغان/أردوغان differ in a
consonant, ديشامب/ديشان in two). The key also joins ordinary Arabic words
(كتاب, كتب, قتب): these readings are offered only for a word no statement
writes or when the words together find nothing, and ``corrections.py`` keeps
only those the rest of the query finds.

Two adjacent words whose join is an indexed word (تيك توك) are always also
searched as that word (``joined_compounds``): that changes nothing where no
such word exists, which is nearly always for Arabic words.
"""

from ..arabic import begins_arabic, lexicon, light_stem, normalize_arabic, word_stems
from ..arabic.phonetic import SHORTEST_KEY, name_key, respellings
from .engine import Reader
from .query import AnyOf, Clause

FIELD = "text"
# A same-sounding spelling differs by at most this many letters (غوغل, جوجل:
# two); further ones are other words more often than not (مجدد, مكايد).
MAX_SPELLING_EDITS = 2
# Longer "words" are not words (URLs, runs of letters).
LONGEST_WORD = 20
# Each part of a word written as two, and a word made of two, at least this long.
SHORTEST_PART = 2
SHORTEST_JOINED = 5


def name_keys(reader: Reader) -> dict[str, tuple[str, ...]]:
    """Key → the Arabic stems of the index with that key (once per index version)."""
    return reader.cached("name_keys", _read_name_keys)


def _read_name_keys(reader: Reader) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for stem in reader.vocabulary(FIELD):
        if begins_arabic(stem):
            key = name_key(stem)
            if len(key) >= SHORTEST_KEY:
                groups.setdefault(key, []).append(stem)
    # Single stems too: a word typed in a spelling the index lacks finds them.
    return {key: tuple(sorted(stems)) for key, stems in groups.items()}


def same_sound(reader: Reader, stem: str) -> list[str]:
    """Other indexed stems that sound like ``stem`` and are spelt nearly so
    (``MAX_SPELLING_EDITS``), most frequent first."""
    if not begins_arabic(stem):
        return []
    mates = name_keys(reader).get(name_key(stem), ())
    near = [m for m in mates if m != stem and _edits_within(stem, m)]
    return sorted(near, key=lambda m: (-reader.doc_frequency(FIELD, m), m))


def sound_stems(reader: Reader, text: str) -> dict[str, str]:
    """Indexed stems of the word as typed respelt once (``respellings``), with
    the respelt word: the stem of a name may lose an ending that looks
    Arabic (الغابون stems to غاب), so its spellings are compared as written."""
    word = normalize_arabic(text)
    if not begins_arabic(word) or len(word) > LONGEST_WORD:
        return {}
    known, own = reader.vocabulary(FIELD), light_stem(word)
    found = {}
    for respelt in sorted(respellings(word)):
        stem = light_stem(respelt)
        if stem in known and stem != own:
            found.setdefault(stem, respelt)
    return found


def _edits_within(a: str, b: str, limit: int = MAX_SPELLING_EDITS) -> bool:
    """Whether ``a`` and ``b`` are at most ``limit`` edits apart (Levenshtein)."""
    if abs(len(a) - len(b)) > limit:
        return False
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
            previous, row[j] = row[j], cost
    return row[-1] <= limit


def _is_word(text: str) -> bool:
    return len(text) >= SHORTEST_PART and text not in lexicon().stopwords


def joined_stem(reader: Reader, first: str, second: str) -> str | None:
    """The indexed stem of two words written as one (فيس بوك → فيسبوك), if any."""
    first, second = normalize_arabic(first), normalize_arabic(second)
    if not (_is_word(first) and _is_word(second)):
        return None
    if not (begins_arabic(first) and begins_arabic(second)):
        return None
    joined = first + second
    stem = light_stem(joined)
    if len(joined) < SHORTEST_JOINED or not reader.doc_frequency(FIELD, stem):
        return None
    return stem


def split_readings(reader: Reader, text: str) -> dict[str, str]:
    """The ways of writing ``text`` as two indexed words: their stems as a
    phrase ("a b") → the two words, for a name written apart in the archive."""
    word = normalize_arabic(text)
    if not begins_arabic(word) or len(word) < SHORTEST_JOINED:
        return {}
    found = {}
    for i in range(SHORTEST_PART, len(word) - SHORTEST_PART + 1):
        first, second = word[:i], word[i:]
        if not (_is_word(first) and _is_word(second)):
            continue
        stems = word_stems(f"{first} {second}")
        if len(stems) == 2 and all(reader.doc_frequency(FIELD, s) for s in stems):
            found.setdefault(" ".join(stems), f"{first} {second}")
    return found


def joined_compounds(reader: Reader, items: list) -> list:
    """``items``, each two plain words that the index knows written as one
    (فيس بوك, واتس آب) also searched as that one word."""
    out, i = [], 0
    while i < len(items):
        pair = items[i : i + 2]
        stem = (
            len(pair) == 2
            and all(map(_plain_word, pair))
            and joined_stem(reader, pair[0].text, pair[1].text)
        )
        if stem:
            both = Clause(f"{pair[0].text} {pair[1].text}")
            out.append(AnyOf((both, Clause(pair[0].text + pair[1].text))))
            i += 2
        else:
            out.append(items[i])
            i += 1
    return out


def _plain_word(item) -> bool:
    return (
        isinstance(item, Clause)
        and not (item.phrase or item.prefix or item.negated)
        and len(item.text.split()) == 1
    )
