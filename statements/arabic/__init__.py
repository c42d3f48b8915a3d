"""Arabic text analysis: one tokenizer, normalizer and stemmer for the whole archive.

Indexing, queries, highlighting, duplicate hashes and alias lookup all go
through this package, so they cannot drift apart. Text is never changed:
every token carries its offsets into the original, and normalization is for
matching only. It imports nothing of the app (import-linter checks it).

The steps, each in its module:

- ``tokens``: words with their offsets (``tokenize``);
- ``normalize``: the matching form of a word (``normalize_arabic``);
- ``lexicon``: stopwords, spelling variants, broken plurals, known words;
- ``suffixes`` and ``stemming``: light stemming (``light_stem``);
- ``analysis``: the stemmed and exact analyses (``index_terms``,
  ``exact_terms``, ``analyze_token``, ``normalized_text``, ``word_stems``);
- ``languages``: which statement languages are written right to left;
- ``phonetic``: the sound key of foreign names (``name_key``), which the
  search uses to find a name spelt otherwise.

    >>> normalized_text("قوّاتُ الأمن")
    'قوات الامن'
    >>> [term for term, _, _ in index_terms("وللأمن")]
    ['امن']
"""

from .analysis import (
    Word,
    analyze_token,
    analyze_whole,
    exact_terms,
    index_terms,
    normalized_and_stems,
    normalized_text,
    word_stems,
)
from .languages import language_name, right_to_left
from .lexicon import lexicon
from .normalize import normalize_arabic
from .stemming import light_stem, stem_alternatives, strip_prefixes
from .tokens import begins_arabic, surface_words, tokenize

__all__ = [
    "Word",
    "analyze_token",
    "analyze_whole",
    "begins_arabic",
    "exact_terms",
    "index_terms",
    "language_name",
    "lexicon",
    "light_stem",
    "normalize_arabic",
    "normalized_and_stems",
    "normalized_text",
    "right_to_left",
    "stem_alternatives",
    "strip_prefixes",
    "surface_words",
    "tokenize",
    "word_stems",
]
