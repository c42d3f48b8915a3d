"""Turning parsed query clauses into Whoosh queries, and noting what to highlight.

    >>> builder = Builder(known=vocabulary(searcher))
    >>> query = builder.build(Clause("بالسجون"))   # Or(text:سجن, names:سجن)
    >>> builder.terms()                             # what highlight.py marks

A word must be found in the text (title included) or the names of the
statement's issuer, actors and places; ``ranked()`` adds what only ranks: the
title, and the words as typed.
"""

from dataclasses import dataclass, field

from whoosh import query as wq

from ..arabic import (
    Word,
    analyze_token,
    lexicon,
    normalize_arabic,
    stem_alternatives,
    strip_prefixes,
    tokenize,
)
from .aliases import AliasExpansion
from .highlight import QueryTerms
from .query import AnyOf
from .spelling import word_stems

SEARCH_FIELDS = ("text", "names")
EXACT_FIELD = "exact"
COMMON_FORM_SHARE = 0.05


def analysed(text: str) -> list[Word]:
    return [w for t, _, _ in tokenize(text) for w in analyze_token(t)]


def exact_words(text: str) -> tuple[str, ...]:
    return tuple(w.exact for w in analysed(text))


def any_field(stem: str) -> wq.Query:
    return wq.Or([wq.Term(name, stem) for name in SEARCH_FIELDS])


def prefix_stem(text: str) -> str:
    """A prefix* word, normalized and without its attached particles (وال…)."""
    word = normalize_arabic(text)
    if "\u0600" <= word[:1] <= "\u06ff":
        return strip_prefixes(word, lexicon().is_known)
    return word


@dataclass
class Builder:
    """Turns parsed clauses into Whoosh queries, collecting the terms to highlight."""

    corrections: dict[str, str] = field(default_factory=dict)
    # The stems of the index; other readings of a word are kept only if known.
    known: frozenset[str] = frozenset()
    stems: set[str] = field(default_factory=set)
    # Query words as typed (normalized): statements that have them rank higher.
    exact_forms: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    stem_phrases: list[tuple[str, ...]] = field(default_factory=list)

    def build(self, item) -> wq.Query | None:
        if isinstance(item, AliasExpansion):
            return self.expansion(item)
        if isinstance(item, AnyOf):
            options = [q for q in map(self.build, item.clauses) if q is not None]
            return wq.Or(options) if options else None
        if item.phrase:
            return self.phrase(exact_words(item.text))
        if item.prefix:
            return self.prefix(prefix_stem(item.text))
        words = analysed(item.text)
        parts = [self.word(w) for w in words if not w.stopped]
        if not parts and words:
            # Only stopwords (في, من): the stemmed field has none, the exact one has.
            parts = [wq.Term(EXACT_FIELD, w.exact) for w in words]
            self.phrases.extend((w.exact,) for w in words)
        return wq.And(parts) if parts else None

    def word(self, word: Word) -> wq.Query:
        """A word in any of the stems it may stand for (see ``stem_alternatives``)."""
        self.exact_forms.append(word.exact)
        if word.stem in self.corrections:
            readings = [self.corrections[word.stem]]
        else:
            others = stem_alternatives(word.exact)
            readings = [
                word.stem,
                *(t for t in others if t != word.stem and t in self.known),
            ]
        self.stems.update(readings)
        if len(readings) == 1:
            return any_field(readings[0])
        return wq.Or([any_field(t) for t in readings])

    def ranked(self, query: wq.Query, searcher) -> wq.Query:
        """``query``, ranking higher the statements with the words in the title
        and with the words as typed.

        Forms as typed that a large share of statements hold (على) are left
        out: they hardly change the order, and scoring them over thousands of
        statements cost 15% of the p95 latency.
        """
        limit = COMMON_FORM_SHARE * searcher.doc_count()
        bonus = [wq.Term("title", stem) for stem in sorted(self.stems)]
        bonus += [
            wq.Term(EXACT_FIELD, form)
            for form in self.exact_forms
            if searcher.doc_frequency(EXACT_FIELD, form) <= limit
        ]
        return wq.AndMaybe(query, wq.Or(bonus)) if bonus else query

    def phrase(self, words: tuple[str, ...]) -> wq.Query | None:
        """The stems in this order, and each word as written somewhere.

        Positions are kept for the stemmed field only (see StatementIndex.exact).
        """
        if not words:
            return None
        self.phrases.append(words)
        exact = [wq.Term(EXACT_FIELD, w) for w in words]
        stems = word_stems(" ".join(words))
        if len(stems) < 2:
            return wq.And(exact)
        return wq.And([wq.Phrase("text", stems), *exact])

    def prefix(self, stem: str) -> wq.Query | None:
        if len(stem) < 2:
            return None
        self.prefixes.append(stem)
        return wq.Or([wq.Prefix(name, stem) for name in SEARCH_FIELDS])

    def expansion(self, expansion: AliasExpansion) -> wq.Query | None:
        """The words as typed, or any other name of the entity they name."""
        typed = [q for q in map(self.build, expansion.clauses) if q is not None]
        options = [wq.And(typed)] if typed else []
        for name in expansion.names:
            stems = word_stems(name)
            if not all(stem in self.known for stem in stems):
                continue  # no statement can hold this name: a query part saved
            if len(stems) > 1:
                self.stem_phrases.append(tuple(stems))
                options.append(wq.Phrase("text", stems))
            elif stems:
                self.stems.add(stems[0])
                options.append(any_field(stems[0]))
        return wq.Or(options) if options else None

    def terms(self) -> QueryTerms:
        return QueryTerms(
            frozenset(self.stems),
            tuple(self.prefixes),
            tuple(self.phrases),
            tuple(self.stem_phrases),
        )
