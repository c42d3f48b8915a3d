"""Turning parsed query clauses into engine queries, and noting what to highlight.

    >>> builder = Builder(known=reader.vocabulary("text"))
    >>> query = builder.build(Clause("بالسجون"))   # text:سجن or names:سجن
    >>> builder.terms()                             # what highlight.py marks

A word must be found in the text (title included) or the names of the
statement's issuer, actors and places; ``ranked()`` adds what only ranks: the
title, and the words as typed.
"""

from dataclasses import dataclass, field

from ..arabic import (
    Word,
    analyze_token,
    begins_arabic,
    lexicon,
    normalize_arabic,
    stem_alternatives,
    strip_prefixes,
    tokenize,
    word_stems,
)
from . import engine
from .engine import Query, Reader
from .query import AliasExpansion, AnyOf, QueryTerms

SEARCH_FIELDS = ("text", "names")
EXACT_FIELD = "exact"
COMMON_FORM_SHARE = 0.05


def analysed(text: str) -> list[Word]:
    return [w for t, _, _ in tokenize(text) for w in analyze_token(t)]


def exact_words(text: str) -> tuple[str, ...]:
    return tuple(w.exact for w in analysed(text))


def any_field(stem: str) -> Query:
    return engine.any_of([engine.term(name, stem) for name in SEARCH_FIELDS])


def prefix_stem(text: str) -> str:
    """A prefix* word, normalized and without its attached particles (وال…)."""
    word = normalize_arabic(text)
    if begins_arabic(word):
        return strip_prefixes(word, lexicon().is_known)
    return word


@dataclass
class Builder:
    """Turns parsed clauses into engine queries, collecting the terms to highlight."""

    # Other readings of a word's stem (``corrections.py``): stems, or two
    # stems as a phrase ("a b"), searched as well as the word.
    corrections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The stems of the index; other readings of a word are kept only if known.
    known: frozenset[str] = frozenset()
    stems: set[str] = field(default_factory=set)
    # Query words as typed (normalized): statements that have them rank higher.
    exact_forms: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    stem_phrases: list[tuple[str, ...]] = field(default_factory=list)

    def build(self, item) -> Query | None:
        if isinstance(item, AliasExpansion):
            return self.expansion(item)
        if isinstance(item, AnyOf):
            options = [q for q in map(self.build, item.clauses) if q is not None]
            return engine.any_of(options) if options else None
        if item.phrase:
            return self.phrase(exact_words(item.text))
        if item.prefix:
            return self.prefix(prefix_stem(item.text))
        words = analysed(item.text)
        parts = [self.word(w) for w in words if not w.stopped]
        if not parts and words:
            # Only stopwords (في, من): the stemmed field has none, the exact one has.
            parts = [engine.term(EXACT_FIELD, w.exact) for w in words]
            self.phrases.extend((w.exact,) for w in words)
        return engine.all_of(parts) if parts else None

    def word(self, word: Word) -> Query:
        """A word in any of the stems it may stand for (see ``stem_alternatives``),
        or any of its other readings (a correction, another spelling)."""
        self.exact_forms.append(word.exact)
        others = stem_alternatives(word.exact)
        readings = [
            word.stem,
            *(t for t in others if t != word.stem and t in self.known),
        ]
        queries = [any_field(t) for t in readings]
        for reading in self.corrections.get(word.stem, ()):
            stems = tuple(reading.split(" "))
            if len(stems) > 1:
                self.stem_phrases.append(stems)
                queries.append(engine.phrase("text", list(stems)))
            else:
                readings.append(reading)
                queries.append(any_field(reading))
        self.stems.update(readings)
        return engine.any_of(queries)

    def ranked(self, query: Query, reader: Reader) -> Query:
        """``query``, ranking higher the statements with the words in the title
        and with the words as typed.

        Forms as typed that a large share of statements hold (على) are left
        out: they hardly change the order, and scoring them over thousands of
        statements cost 15% of the p95 latency.
        """
        limit = COMMON_FORM_SHARE * reader.doc_count()
        bonus = [engine.term("title", stem) for stem in sorted(self.stems)]
        bonus += [
            engine.term(EXACT_FIELD, form)
            for form in self.exact_forms
            if reader.doc_frequency(EXACT_FIELD, form) <= limit
        ]
        return engine.ranked(query, bonus)

    def phrase(self, words: tuple[str, ...]) -> Query | None:
        """The stems in this order, and each word as written somewhere.

        Positions are kept for the stemmed field only (see StatementIndex.exact).
        """
        if not words:
            return None
        self.phrases.append(words)
        exact = [engine.term(EXACT_FIELD, w) for w in words]
        stems = word_stems(" ".join(words))
        if len(stems) < 2:
            return engine.all_of(exact)
        return engine.all_of([engine.phrase("text", stems), *exact])

    def prefix(self, stem: str) -> Query | None:
        if len(stem) < 2:
            return None
        self.prefixes.append(stem)
        return engine.any_of([engine.prefix(name, stem) for name in SEARCH_FIELDS])

    def expansion(self, expansion: AliasExpansion) -> Query | None:
        """The words as typed, or any other name of the entity they name.

        A name that holds a shorter one already searched (دونالد ترامب when
        ترامب is, or is typed) finds no statement the shorter one does not:
        it is left out, as its phrase would read the positions of every
        statement with its words (about 0.5 s for ماكرون at 315,000).
        """
        typed = [q for q in map(self.build, expansion.clauses) if q is not None]
        options = [engine.all_of(typed)] if typed else []
        searched = [self._typed_stems(expansion)] if typed else []
        names = sorted(map(word_stems, expansion.names), key=len)
        for stems in names:
            if not stems or not all(stem in self.known for stem in stems):
                continue  # no statement can hold this name: a query part saved
            if any(_holds(stems, shorter) for shorter in searched):
                continue
            searched.append((tuple(stems), True))
            if len(stems) > 1:
                self.stem_phrases.append(tuple(stems))
                options.append(engine.phrase("text", stems))
            else:
                self.stems.add(stems[0])
                options.append(any_field(stems[0]))
        return engine.any_of(options) if options else None

    def _typed_stems(self, expansion: AliasExpansion) -> tuple[tuple[str, ...], bool]:
        """The stems of the words as typed, and whether they are a phrase; none
        when a word was corrected (its stem is then not what is searched)."""
        stems = tuple(s for c in expansion.clauses for s in word_stems(c.text))
        if set(stems) & set(self.corrections):
            return (), True
        return stems, any(c.phrase for c in expansion.clauses)

    def terms(self) -> QueryTerms:
        return QueryTerms(
            frozenset(self.stems),
            tuple(self.prefixes),
            tuple(self.phrases),
            tuple(self.stem_phrases),
        )


def _holds(stems: list[str], shorter: tuple[tuple[str, ...], bool]) -> bool:
    """Whether a statement with the name ``stems`` (a phrase) always matches
    ``shorter``: its stems in a row if it is a phrase, anywhere if not."""
    words, in_a_row = shorter
    if not words:
        return False
    if not in_a_row:
        return set(words) <= set(stems)
    n = len(words)
    return any(tuple(stems[i : i + n]) == words for i in range(len(stems) - n + 1))
