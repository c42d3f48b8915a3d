"""The benchmark's articles: the ANT corpus, read in place, and the fixed sample of it.

    >>> records = list(read_corpus(DEFAULT_CORPUS))
    >>> sample = sample_records(records, read_sample_ids(SAMPLE_IDS))

Only the sample's external_ids live in the repository (``sample_ids.txt``);
the articles themselves are always read from ``../shared/corpus``.
"""

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ant-v2.1.jsonl.gz"
SAMPLE_IDS = HERE / "sample_ids.txt"
SAMPLE_SIZE = 8000
SAMPLE_SEED = 20180218


def read_corpus(path: Path) -> Iterator[dict]:
    """Every record of the gzipped JSON-lines corpus, in file order."""
    if not path.exists():
        raise SystemExit(
            f"corpus not found at {path}: give its path with --corpus "
            "(it lives in ../shared/corpus next to the repository)"
        )
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def choose_sample(records: list[dict], size: int = SAMPLE_SIZE) -> list[str]:
    """external_ids of a seeded random sample, in corpus order.

    Articles without a title or body, and repeats of an earlier title or body
    (the corpus files some stories twice), are never chosen: a twin of the
    target would make the wanted article ambiguous.
    """
    seen: set[str] = set()
    eligible = []
    for n, record in enumerate(records):
        title, body = record["title"].strip(), record["body"].strip()
        if not title or not body or title in seen or body[:300] in seen:
            continue
        seen.update((title, body[:300]))
        eligible.append(n)
    chosen = sorted(random.Random(SAMPLE_SEED).sample(eligible, size))
    return [records[n]["external_id"] for n in chosen]


def read_sample_ids(path: Path = SAMPLE_IDS) -> list[str]:
    if not path.exists():
        raise SystemExit(
            f"{path} is missing: run bench/search_quality/build_queries.py first"
        )
    return path.read_text(encoding="utf-8").split()


def write_sample_ids(ids: list[str], path: Path = SAMPLE_IDS) -> None:
    path.write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")


def sample_records(records: list[dict], ids: list[str]) -> list[dict]:
    """The sample's records in corpus order; fails if an id is not in the corpus."""
    wanted = set(ids)
    found = [r for r in records if r["external_id"] in wanted]
    if len(found) != len(wanted):
        missing = sorted(wanted - {r["external_id"] for r in found})[:5]
        raise SystemExit(
            f"{len(wanted) - len(found)} sampled articles are not in the corpus "
            f"(e.g. {missing}): is it the ANT v2.1 corpus?"
        )
    return found
