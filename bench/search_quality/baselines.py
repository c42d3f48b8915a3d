"""Reference searches in plain Python, to judge the queries and the archive's search.

    >>> NormalizedAnd(sample).finds("فويغو تقتل", "SK-internationalNews-1958-20180604")
    True
    >>> LuceneArabic(sample).search("فويغو تقتل", 1)
    ['SK-internationalNews-1958-20180604']

``NormalizedAnd`` is the sanity check of the query set: with the spelling
folded and no stemming, every ``exact`` query must find its target.
``LuceneArabic`` re-implements Lucene's ArabicAnalyzer (ArabicNormalizer and
ArabicStemmer, whose rules are short and public) with BM25, so each class
can be compared with Lucene's figures.
"""

import math
import re
from collections import Counter, defaultdict

from words import arabic_tokens, fold, latin_tokens, stopwords


class NormalizedAnd:
    """Articles holding every query word, words folded (words.fold), unstemmed."""

    def __init__(self, records: list[dict]) -> None:
        self.words: dict[str, set[str]] = {}
        for record in records:
            text = f"{record['title']}\n{record['body']}"
            found = {fold(t) for t in arabic_tokens(text)} | set(latin_tokens(text))
            self.words[record["external_id"]] = found

    def finds(self, query: str, target: str) -> bool:
        wanted = {fold(t) for t in arabic_tokens(query)} | set(latin_tokens(query))
        return wanted <= self.words[target]


# Lucene's StandardTokenizer keeps marks and underscores inside a word.
_LUCENE_TOKEN = re.compile(r"[\w\u064b-\u065f\u0670]+")
_LUCENE_NORMALIZE = str.maketrans(
    {"آ": "ا", "أ": "ا", "إ": "ا", "ى": "ي", "ة": "ه"}
    | dict.fromkeys("\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652", None)
)
_LUCENE_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_LUCENE_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def lucene_stem(word: str) -> str:
    """org.apache.lucene.analysis.ar.ArabicStemmer: one prefix, then each suffix."""
    for prefix in _LUCENE_PREFIXES:
        shortest = 4 if len(prefix) == 1 else len(prefix) + 2
        if len(word) >= shortest and word.startswith(prefix):
            word = word[len(prefix) :]
            break
    for suffix in _LUCENE_SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


def lucene_terms(text: str) -> list[str]:
    """ArabicAnalyzer: tokenize, lowercase, stopwords, normalize, stem."""
    stop = stopwords()
    terms = []
    for token in _LUCENE_TOKEN.findall(text.lower()):
        if fold(token) not in stop:
            terms.append(lucene_stem(token.translate(_LUCENE_NORMALIZE)))
    return terms


class LuceneArabic:
    """BM25 (k1=1.2, b=0.75) over title and body; ``operator`` as Lucene's
    QueryParser.setDefaultOperator: "OR" (its default) or "AND" (haystack's).
    """

    k1, b = 1.2, 0.75

    def __init__(self, records: list[dict], operator: str = "OR") -> None:
        self.operator = operator
        self.ids = [r["external_id"] for r in records]
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = []
        for n, record in enumerate(records):
            terms = lucene_terms(f"{record['title']}\n{record['body']}")
            self.lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                self.postings[term].append((n, tf))
        self.average = sum(self.lengths) / len(self.lengths)

    def search(self, query: str, limit: int) -> list[str]:
        scores: Counter = Counter()
        matched: Counter = Counter()
        count = len(self.ids)
        terms = set(lucene_terms(query))
        for term in terms:
            postings = self.postings.get(term, [])
            idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            for n, tf in postings:
                norm = 1 - self.b + self.b * self.lengths[n] / self.average
                scores[n] += idf * tf * (self.k1 + 1) / (tf + self.k1 * norm)
                matched[n] += 1
        if self.operator == "AND":
            scores = Counter(
                {n: s for n, s in scores.items() if matched[n] == len(terms)}
            )
        return [self.ids[n] for n, _ in scores.most_common(limit)]
