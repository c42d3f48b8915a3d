"""Which sampled articles contain a word, generously: the competitors of a query.

    >>> index = SampleIndex(sample)
    >>> (index.articles_with("الرقة") & index.articles_with("مخيم")).bit_count()
    2

Sets of articles are Python ints used as bit sets (bit n: article n), so that
"both words" is one ``&`` and a count is ``int.bit_count``. A word matches
every article holding any of its ``stem_keys``: more articles than a light
stemmer would match (الرقة also matches ورقة, "paper"), so a pair chosen as
rare here is rare for a reasonable search engine too.
"""

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from words import arabic_tokens, fold, latin_tokens, stem_keys, strip_marks

FIRST_PARAGRAPH_WORDS = 80
BODY_WORDS = 400


@dataclass
class Article:
    """An article's words as written (marks stripped), in reading order."""

    external_id: str
    title: list[str]
    first_paragraph: list[str]
    rest: list[str]

    @classmethod
    def from_record(cls, record: dict) -> "Article":
        paragraphs = [p for p in record["body"].split("\n") if p.strip()]
        first = words_of(paragraphs[0])[:FIRST_PARAGRAPH_WORDS] if paragraphs else []
        rest = words_of("\n".join(paragraphs[1:]))[:BODY_WORDS]
        return cls(record["external_id"], words_of(record["title"]), first, rest)


def words_of(text: str) -> list[str]:
    return [strip_marks(token) for token in arabic_tokens(text)]


@dataclass
class SampleIndex:
    records: list[dict]
    articles: list[Article] = field(init=False)
    article_counts: Counter = field(init=False)  # folded word → articles with it
    _postings: dict[str, list[int]] = field(init=False)
    _sets: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.articles = [Article.from_record(r) for r in self.records]
        self.article_counts = Counter()
        postings = defaultdict(list)
        keys_of: dict[str, set[str]] = {}
        for n, record in enumerate(self.records):
            text = f"{record['title']}\n{record['body']}"
            tokens = {strip_marks(t) for t in arabic_tokens(text)}
            self.article_counts.update({fold(t) for t in tokens})
            keys = {f"latin:{t}" for t in latin_tokens(text)}
            for token in tokens:
                if token not in keys_of:
                    keys_of[token] = stem_keys(token)
                keys |= keys_of[token]
            for key in keys:
                postings[key].append(n)
        self._postings = dict(postings)

    def _set(self, key: str) -> int:
        if key not in self._sets:
            bits = bytearray((len(self.records) + 7) // 8)
            for n in self._postings.get(key, ()):
                bits[n >> 3] |= 1 << (n & 7)
            self._sets[key] = int.from_bytes(bits, "little")
        return self._sets[key]

    def articles_with(self, text: str) -> int:
        """Articles holding every word of ``text`` (any spelling a stemmer merges)."""
        text = unicodedata.normalize("NFKC", text)
        result = -1
        for word in text.split():
            if word.isascii():
                found = self._set(f"latin:{word.lower()}")
            else:
                found = 0
                for key in stem_keys(word):
                    found |= self._set(key)
            result &= found
        return max(result, 0)

    def articles_with_any(self, texts: list[str]) -> int:
        found = 0
        for text in texts:
            found |= self.articles_with(text)
        return found

    def word_count(self, word: str) -> int:
        """Articles holding exactly this word (folded), clitics included."""
        return self.article_counts[fold(word)]
