"""Speed of the Arabic analysis on the ANT corpus, in words per second.

Reads the corpus in place (never copied), then runs each Whoosh analyzer over every
title and body the way indexing does (positions and character offsets on), in one
process. The first pass fills the token cache; the second shows the warm speed.

    .venv/bin/python bench/analyzer_speed.py [path/to/ant-v2.1.jsonl.gz]
"""

import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from statements.arabic import tokenize
from statements.search.analyzers import ArabicAnalyzer, ArabicExactAnalyzer

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/ant-v2.1.jsonl.gz"


def texts(path: Path) -> Iterator[str]:
    """Title and body of every article in the corpus."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            yield article["title"]
            yield article["body"]


def seconds_to_analyze(analyzer: ArabicAnalyzer, corpus: list[str]) -> float:
    """Wall time for ``analyzer`` to yield every token of ``corpus``."""
    started = time.perf_counter()
    for text in corpus:
        for _ in analyzer(text, positions=True, chars=True, mode="index"):
            pass
    return time.perf_counter() - started


def main(path: Path) -> None:
    corpus = list(texts(path))
    words = sum(1 for text in corpus for _ in tokenize(text))
    print(f"{len(corpus):,} titles and bodies, {words:,} words")
    for analyzer in (ArabicAnalyzer(), ArabicExactAnalyzer()):
        for label in ("first pass", "second pass"):
            seconds = seconds_to_analyze(analyzer, corpus)
            name = type(analyzer).__name__
            print(f"{name}, {label}: {seconds:.1f} s, {words / seconds:,.0f} words/s")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
