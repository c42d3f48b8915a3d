"""Speed of the Arabic analysis on the ANT corpus: words per second, one process.

Reads the corpus in place (never copied) and runs the stemmed Whoosh analyzer over
every title and body, the way indexing does.

    .venv/bin/python bench/analyzer_speed.py [path/to/ant-v2.1.jsonl.gz]
"""

import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from statements.arabic import _TOKENS, ArabicAnalyzer, ArabicExactAnalyzer

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ant-v2.1.jsonl.gz"


def texts(path: Path) -> Iterator[str]:
    """Title and body of every article in the corpus."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            yield article["title"]
            yield article["body"]


def main(path: Path) -> None:
    started = time.perf_counter()
    corpus = list(texts(path))
    read = time.perf_counter() - started
    print(f"read {len(corpus):,} texts in {read:.1f} s (not counted below)")
    for analyzer in (ArabicAnalyzer(), ArabicExactAnalyzer()):
        started = time.perf_counter()
        words = 0
        for text in corpus:
            for _ in analyzer(text, positions=True, chars=True, mode="index"):
                words += 1
        seconds = time.perf_counter() - started
        name = type(analyzer).__name__
        print(f"{name}: {words:,} terms in {seconds:.1f} s = {words / seconds:,.0f}/s")
    print(f"tokens cached: {len(_TOKENS):,}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
