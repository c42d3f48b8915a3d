"""Search latency benchmark: /api/v1/search on the full corpus, warm.

    .venv/bin/python bench/search_latency.py [--reuse DIR] [--queries 300]

Imports ../shared/corpus/ant-v2.1.jsonl.gz (read in place) into an archive in
a temporary folder (or reuses one made before with --reuse), then sends 1-3
word queries taken from article titles to the API through Django's test
client, each once to warm up and then timed, and prints p50/p95/p99 per query
length with the index size.
"""

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ant-v2.1.jsonl.gz"


def make_queries(count: int, seed: int = 7) -> list[str]:
    """Runs of 1-3 consecutive title words from randomly chosen articles."""
    rng = random.Random(seed)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        titles = [json.loads(line)["title"].split() for line in handle]
    queries = []
    while len(queries) < count:
        words = [w.strip("\"'«»،.:؟!") for w in rng.choice(titles)]
        words = [w for w in words if len(w) > 2]
        n = 1 + len(queries) % 3
        if len(words) >= n:
            start = rng.randrange(len(words) - n + 1)
            queries.append(" ".join(words[start : start + n]))
    return queries


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (inclusive method); the value itself for one value.
    The benchmarks' one definition (bench/page_costs.py, admin_latency.py and
    alias_cost.py use it)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, help="an archive made by an earlier run")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    folder = args.reuse or Path(tempfile.mkdtemp(prefix="archive-latency-"))
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django

    start_django(folder)
    from django.core.management import call_command
    from django.test import Client

    from bench.machine import describe
    from statements.ingest import import_paths
    from statements.models import Statement

    print(f"machine: {describe()}")
    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)  # as make run does: aliases cost time
    if not Statement.objects.exists():
        start = time.perf_counter()
        import_paths([CORPUS])
        seconds = time.perf_counter() - start
        print(f"imported the corpus in {seconds:.0f} s into {folder}")
    index = folder / "whoosh_index"
    size = sum(f.stat().st_size for f in index.iterdir()) / 2**20
    print(f"index: {Statement.objects.published().count()} statements, {size:.0f} MiB")
    client = Client(SERVER_NAME="127.0.0.1")  # a host dev settings allow
    queries = make_queries(args.queries)
    for q in queries:  # warm up: caches, facet postings, OS page cache
        client.get("/api/v1/search", {"q": q})
    timings: dict[int, list[float]] = {1: [], 2: [], 3: []}
    for q in queries:
        start = time.perf_counter()
        response = client.get("/api/v1/search", {"q": q})
        timings[len(q.split())].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (q, response.content[:200])
    every = [t for ts in timings.values() for t in ts]
    rows = [*((f"{n} word(s)", ts) for n, ts in timings.items()), ("all", every)]
    for label, values in rows:
        print(
            f"{label:>10}: n={len(values)} p50={statistics.median(values):.0f} ms "
            f"p95={percentile(values, 95):.0f} ms p99={percentile(values, 99):.0f} ms"
        )


if __name__ == "__main__":
    main()
