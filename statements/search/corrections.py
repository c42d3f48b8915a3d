"""Other readings of a query's words, chosen by what the rest of the query finds.

    >>> fixes = unknown_words(reader, parse_query("الحار الوطني").positive, None)
    >>> fixes[0]
    Correction(word='الحار', stem='حار', readings=('حوار',), labels=('الحوار',), ...)
    >>> Builder(corrections=readings(fixes))     # each word also stands for those

A misspelt word is most often one edit from several indexed words (الحار:
الحوار, الحصار), and the most frequent of them is the wrong one about as often
as not. What decides is the rest of the query: the candidates are counted in
the statements the other words find (their postings intersected, read only
for those statements), and only those found there are kept. All of them are
searched, not just one: a statement with a rare candidate and the other words
then ranks above statements with a frequent one, as BM25 weighs a rare word
more, and the user sees which readings were searched in the notices. Without
other words to go by, the closest and most frequent candidate is taken.

Two moments use this (``service.run_query``):

- ``unknown_words``: a word no statement has, before the first search. It is
  never dropped without a word: when none of its readings is found with the
  other words, ``Correction.found`` says so and the search says which word no
  statement has.
- ``other_readings``: every word, when the words together find nothing
  (a typo can make another real word: رحلتهما → رحبتهما; a name can be spelt
  as no statement with the other words spells it: جوجنهايم, غوغنهايم).

Readings are typo candidates (``spelling.py``), same-sounding spellings of a
name and the word written as two (``variants.py``).
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

from ..arabic import normalize_arabic
from . import engine
from .builder import EXACT_FIELD, Builder, any_field
from .engine import Query, Reader
from .query import AliasExpansion, AnyOf, Clause
from .spelling import SLIP, is_written, single_stem, typo_stems
from .variants import same_sound, sound_stems, split_readings

FIELD = "text"
# Candidates of a word counted against the other words (the likeliest first),
# and readings kept for a word among those found with them.
MAX_CANDIDATES = 40
MAX_READINGS = 5
# Known words of one query whose other readings are looked for, rarest first.
MAX_WORDS = 4
# Kinds of candidate, in the order they are counted when there are too many.
TYPO, SAME_SOUND, SPLIT = 0, 1, 2


class Option(NamedTuple):
    """A candidate reading of a word and what makes it likely, best first."""

    cost: int  # of the slip (spelling.SLIP...)
    unwritten: bool  # no statement writes the corrected word (with or without ال)
    kind: int  # TYPO, SAME_SOUND or SPLIT
    label: str  # the corrected word, to show


@dataclass(frozen=True)
class Correction:
    """A query word and the stems (or "a b" stem phrases) searched for it."""

    word: str
    stem: str
    readings: tuple[str, ...]
    # Words to show for the readings, in the same order.
    labels: tuple[str, ...]
    # The largest share of a reading's statements that hold the other words
    # (0: none holds them).
    share: float = 0.0
    # Whether the word's own stem is indexed (and searched too).
    known: bool = False

    @property
    def found(self) -> bool:
        """Whether a reading was found with the query's other words."""
        return self.share > 0


def readings(corrections: list[Correction]) -> dict[str, tuple[str, ...]]:
    """Stem → its readings, as ``Builder(corrections=...)`` takes them."""
    out: dict[str, tuple[str, ...]] = {}
    for fix in corrections:
        out[fix.stem] = tuple(dict.fromkeys((*out.get(fix.stem, ()), *fix.readings)))
    return out


def reading_query(reading: str) -> Query:
    """A stem in the text or the names, or two stems as a phrase ("a b")."""
    stems = reading.split(" ")
    return engine.phrase(FIELD, stems) if len(stems) > 1 else any_field(reading)


def candidates(reader: Reader, clause: Clause, stem: str) -> dict[str, Option]:
    """Everything ``clause``'s word may stand for: typo corrections, the same
    name spelt otherwise, the word written as two; the likeliest first."""
    typos = typo_stems(reader, clause.text)
    found = {r: (c.cost, TYPO, c.label) for r, c in typos.items()}
    typed = normalize_arabic(clause.text)
    sounds = list(sound_stems(reader, typed).items())
    # A mate is shown in the word as typed: الجابون → الغابون, not غابون.
    sounds += [
        (m, typed.replace(stem, m, 1) if stem in typed else m)
        for m in same_sound(reader, stem)
    ]
    for reading, label in sounds:
        if reading not in found or found[reading][0] > SLIP:
            found[reading] = (SLIP, SAME_SOUND, label)
    for phrase, words in split_readings(reader, clause.text).items():
        found.setdefault(phrase, (SLIP, SPLIT, words))
    options = {
        r: Option(cost, not _written(reader, label), kind, label)
        for r, (cost, kind, label) in found.items()
    }
    ranked = sorted(options, key=lambda r: (options[r], r))
    return {r: options[r] for r in ranked[:MAX_CANDIDATES]}


def _frequency(reader: Reader, reading: str) -> int:
    return min(reader.doc_frequency(FIELD, s) for s in reading.split(" "))


def _holds(item, clause: Clause) -> bool:
    if isinstance(item, AliasExpansion | AnyOf):
        return clause in item.clauses
    return item == clause


def context(reader, items, clause, corrections, allowed) -> Collection[int] | None:
    """The statements the query's items other than ``clause`` find together
    (None: there are no others)."""
    builder = Builder(corrections=corrections, known=reader.vocabulary(FIELD))
    others = [builder.build(item) for item in items if not _holds(item, clause)]
    others = [q for q in others if q is not None]
    if not others:
        return None
    return reader.scores(engine.all_of(others), allowed)


def in_context(
    reader, clause, stem, found: dict[str, Option], docs: Collection[int] | None
) -> Correction:
    """The candidates that the other words' statements ``docs`` hold, the most
    likely first; or, with no other words, the most likely one.

    More likely: a cheaper slip; then written as corrected in some statement
    (an edit that no statement writes may still stem to an indexed stem, as
    short stems are many: those come after); then
    telling, by the share of its own statements that hold the other words (a
    frequent word is found with almost anything, a rare one with the other
    words only if they belong together); without other words, frequent.
    """
    shares = {}
    for reading in found if docs else ():
        hits = len(reader.scores(reading_query(reading), docs))
        if hits:
            shares[reading] = hits / max(hits, _frequency(reader, reading))
    if shares:
        kept = sorted(shares, key=lambda r: (found[r][:2], -shares[r], r))
    else:
        kept = sorted(found, key=lambda r: (found[r][:2], -_frequency(reader, r)))
    kept = kept[: MAX_READINGS if shares else 1]
    labels = tuple(found[r].label for r in kept)
    share = max(shares.values(), default=0.0)
    known = reader.doc_frequency(FIELD, stem) > 0
    return Correction(clause.text, stem, tuple(kept), labels, share, known)


def _written(reader: Reader, label: str) -> bool:
    """Whether some statement has ``label`` as written (a word, or two), with
    or without the article."""
    return all(
        any(reader.doc_frequency(EXACT_FIELD, form) for form in _with_article(w))
        for w in label.split(" ")
    )


def _with_article(word: str) -> tuple[str, str]:
    return (word, word[2:] if word.startswith("ال") else "ال" + word)


def unknown_words(reader: Reader, items: list, allowed) -> list[Correction]:
    """A correction for each plain word of ``items`` that no statement writes,
    its readings counted in what the query's known words find.

    A word whose stem is indexed but which no statement writes (a typo that
    stems like a real word: الكوميديي, كوميدي) keeps its stem, and gains only
    the readings the other words find.
    """
    known = [item for item in items if not _is_unknown(reader, item)]
    fixes = []
    for item in items:
        stem = single_stem(item)
        if not stem or (item in known and is_written(reader, item.text)):
            continue
        found = candidates(reader, item, stem)
        docs = context(reader, known, item, {}, allowed) if found else None
        fix = in_context(reader, item, stem, found, docs)
        if fix.found or not reader.doc_frequency(FIELD, stem):
            fixes.append(fix)
    return fixes


def _is_unknown(reader: Reader, item) -> bool:
    stem = single_stem(item)
    return bool(stem) and not reader.doc_frequency(FIELD, stem)


def other_readings(
    reader: Reader, items: list, fixes: list[Correction], allowed
) -> list[Correction]:
    """Readings of each known word that the other words' statements hold.

    Most often one word is wrong and the others find the statements it was
    meant for, but which one, neither co-occurrence nor frequency tells well
    enough (a candidate found once with a rare word is as likely as one found
    once with a frequent word; a name spelt otherwise may be more frequent
    than the word beside it): each word gets its readings, and the ranking
    prefers statements that hold a word as typed and rare readings.
    """
    corrections = readings(fixes)
    words = [(s, c) for s, c in _known_words(reader, items) if s not in corrections]
    out = []
    for stem, clause in words[:MAX_WORDS]:
        found = candidates(reader, clause, stem)
        docs = context(reader, items, clause, corrections, allowed) if found else None
        if docs:
            fix = in_context(reader, clause, stem, found, docs)
            if fix.found:
                out.append(fix)
    return out


def _known_words(reader: Reader, items: list) -> list[tuple[str, Clause]]:
    """(stem, clause) of each plain word the index knows, rarest first, also
    the words of a name expanded to its aliases."""
    clauses = [c for i in items for c in getattr(i, "clauses", (i,))]
    words = [(single_stem(c), c) for c in clauses if isinstance(c, Clause)]
    words = [(s, c) for s, c in words if s and reader.doc_frequency(FIELD, s)]
    return sorted(words, key=lambda pair: reader.doc_frequency(FIELD, pair[0]))


def notices(fixes: list[Correction]) -> list[tuple[str, str]]:
    """(code, message) saying what was searched for each word, or that no
    statement has it: a word is never left out without a word."""
    out = []
    for fix in fixes:
        shown = "، ".join(f"«{label}»" for label in fix.labels)
        values = {"word": fix.word, "fixed": shown}
        if not fix.readings:
            out.append(("unknown", _("No statement has «%(word)s».") % values))
        elif fix.known:
            message = _("«%(word)s» also searched as: %(fixed)s.")
            out.append(("corrected", message % values))
        elif len(fix.labels) == 1:
            message = _("Searched for «%(fixed)s» instead of «%(word)s».")
            values["fixed"] = fix.labels[0]
            out.append(("corrected", message % values))
        else:
            message = _("Searched for any of %(fixed)s instead of «%(word)s».")
            out.append(("corrected", message % values))
    return out
