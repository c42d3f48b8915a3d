"""The two query sets, and the word each query varies (what the sets must not share).

    >>> len(read_set("dev")), len(read_set("test"))
    (2000, 2000)
    >>> varied_word({"query": "بوتين يامر", "source_words": ["بوتين", "يأمر"]})
    ('يأمر', 'يامر')

``dev`` (queries.jsonl) is the set the search is tuned on, and its regression
check; ``test`` (test_queries.jsonl) is drawn apart from it and only run to
report (issue 11). Both are made by build_queries.py.
"""

import json
import unicodedata
from pathlib import Path

from words import fold

HERE = Path(__file__).resolve().parent
SETS = {"dev": HERE / "queries.jsonl", "test": HERE / "test_queries.jsonl"}


def read_set(name: str) -> list[dict]:
    """The queries of set ``name`` ("dev" or "test"), in file order."""
    path = SETS[name]
    if not path.exists():
        raise SystemExit(
            f"{path} is missing: run bench/search_quality/build_queries.py "
            f"--set {name} first"
        )
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def varied_word(query: dict) -> tuple[str, str] | None:
    """(source word, the query's spelling of it); None for an unvaried query.

    The query is the two source words with one of them replaced, joined by a
    space (a word may itself hold a space: "فيس بوك", "حزب الله").
    """
    first, second = query["source_words"]
    text = query["query"]
    if text.endswith(" " + second) and text[: -len(second) - 1] != first:
        return first, text[: -len(second) - 1]
    if text.startswith(first + " ") and text[len(first) + 1 :] != second:
        return second, text[len(first) + 1 :]
    return None


def word_key(word: str) -> str:
    """A word as the sets compare it: NFKC, folded, lowercase (Idlib = idlib)."""
    return fold(unicodedata.normalize("NFKC", word)).lower()


def varied_keys(queries: list[dict]) -> set[str]:
    """Keys of every varied word of ``queries``, as in the text and as in the query."""
    keys = set()
    for query in queries:
        if pair := varied_word(query):
            keys.update(word_key(w) for w in pair)
    return keys
