"""The two analyses of a text, built on the steps of this package.

The stemmed analysis (``index_terms``): normalize → drop stopwords → light
stem; the exact analysis (``exact_terms``): normalization only, with no
stopwords removed, for quoted phrases and ranking by the words as typed. Each
term carries the offsets of its token in the original text.

    >>> list(index_terms("في سجونهم"))
    [('سجن', 3, 9)]
"""

from collections.abc import Iterator
from typing import NamedTuple

from .lexicon import lexicon
from .normalize import normalize_arabic
from .stemming import light_stem
from .tokens import surface_words, tokenize


class Word(NamedTuple):
    """One normalized word of a token: its exact form, its stem, whether stopped."""

    exact: str
    stem: str
    stopped: bool


def _analyze(token: str) -> tuple[Word, ...]:
    stopwords = lexicon().stopwords
    return tuple(
        Word(word, word, True)
        if word in stopwords
        else Word(word, light_stem(word), False)
        # NFKC can turn one token into several words (ﷺ) or put a non-word
        # character inside (¼ → 1⁄4): split the normalized token again.
        for word in surface_words(normalize_arabic(token))
    )


class _TokenCache(dict[str, tuple[Word, ...]]):
    """Analyses by surface token. News vocabulary is Zipfian, so most tokens are
    seen before; a plain dict because a hit then costs one lookup (an lru_cache
    call was about 10% slower per token on the corpus)."""

    limit = 2**18  # about the vocabulary of the 31,523-article ANT corpus

    def __missing__(self, token: str) -> tuple[Word, ...]:
        if len(self) >= self.limit:
            self.clear()  # crude, but the frequent words come straight back
        words = self[token] = _analyze(token)
        return words


_TOKENS = _TokenCache()


def analyze_token(token: str) -> tuple[Word, ...]:
    """The words of one token: usually one, but NFKC can expand a ligature.

    >>> analyze_token("وللأمن")
    (Word(exact='وللامن', stem='امن', stopped=False),)
    """
    return _TOKENS[token]


def analyze_whole(value: str) -> tuple[Word]:
    """``value`` analyzed as one word, as a query parser asks for wildcards.

    >>> analyze_whole("المعتقل*")
    (Word(exact='المعتقل*', stem='معتقل*', stopped=False),)
    """
    exact = normalize_arabic(value)
    if exact in lexicon().stopwords:
        return (Word(exact, exact, True),)
    return (Word(exact, light_stem(exact), False),)


def index_terms(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) of the stemmed analysis, without stopwords."""
    for token, start, end in tokenize(text):
        for word in analyze_token(token):
            if not word.stopped:
                yield word.stem, start, end


def exact_terms(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) of the exact analysis: normalized words, stopwords kept.

    >>> list(exact_terms("في سجونِهم"))
    [('في', 0, 2), ('سجونهم', 3, 10)]
    """
    for token, start, end in tokenize(text):
        for word in analyze_token(token):
            yield word.exact, start, end


def word_stems(text: str) -> list[str]:
    """The stems of the words of ``text``, stopwords left out: what a query
    word stands for in the stemmed field.

    >>> word_stems("في السجون")
    ['سجن']
    """
    return [term for term, _, _ in index_terms(text)]


def normalized_and_stems(text: str) -> tuple[str, set[str]]:
    """``normalized_text(text)`` and the set of ``word_stems(text)``, in one pass
    over the tokens: an import needs both of every record (0.2 ms a corpus
    article, against 0.35 ms for the two apart).

    >>> normalized_and_stems("في السجون")
    ('في السجون', {'سجن'})
    """
    words = [word for token, _, _ in tokenize(text) for word in analyze_token(token)]
    stems = {word.stem for word in words if not word.stopped}
    return " ".join(word.exact for word in words), stems


def normalized_text(text: str) -> str:
    """The normalized words of ``text`` joined by single spaces.

    >>> normalized_text("قوّاتُ  الأمن،  اليوم") == "قوات الامن اليوم"
    True
    """
    return " ".join(term for term, _, _ in exact_terms(text))
