"""What expanding a name to its other names costs: searches that name an actor
or place, timed with their other names (the default) and without
(``aliases=False``), interleaved query by query (the machine's noise falls on
both alike).

    .venv/bin/python bench/alias_cost.py ARCHIVE_DIR [--queries 300]

Each search is timed twice: with the matches of phrases found by earlier
searches forgotten (statements.search.scoring keeps the last 256 phrases of
an index version: the first search for a name pays for its other names), and
again right after (kept).

ARCHIVE_DIR is an archive with the gazetteer loaded (bench/search_latency.py
--reuse DIR, or bench/scale.py --reuse-dir DIR's f1 or f10). Queries: the
Arabic or English name of a gazetteer entry that some statement holds, alone
or with a word of a statement title that holds it.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def name_queries(count: int, seed: int = 11) -> list[str]:
    from statements.models import Actor, Place, Statement
    from statements.search import SearchRequest, search

    rng = random.Random(seed)
    names = [
        name
        for model in (Actor, Place)
        for entity in model.objects.all()
        for name in (entity.name_ar, entity.name_en)
        if name
    ]
    rng.shuffle(names)
    queries = []
    for name in names:
        response = search(SearchRequest(q=name, page_size=1, aliases=False))
        if not response.count:
            continue
        queries.append(name)
        title = Statement.objects.get(pk=response.hits[0].statement.pk).title
        words = [w for w in title.split() if len(w) > 3]
        if words:
            queries.append(f"{name} {rng.choice(words)}")
        if len(queries) >= count:
            break
    return queries[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django

    start_django(args.archive)
    from bench.machine import describe
    from bench.search_latency import percentile
    from statements.search import SearchRequest, search
    from statements.search.cache import forget

    queries = name_queries(args.queries)
    for q in queries[:20]:
        search(SearchRequest(q=q))  # the process warm (analysis, caches)
    times = {
        (label, kept): []
        for label in ("with other names", "as typed")
        for kept in ("phrases forgotten", "phrases kept")
    }
    for q in queries:
        for label, aliases in (("with other names", True), ("as typed", False)):
            forget("phrases")
            for kept in ("phrases forgotten", "phrases kept"):
                start = time.perf_counter()
                search(SearchRequest(q=q, aliases=aliases))
                times[label, kept].append((time.perf_counter() - start) * 1000)
    print(describe())
    print(
        f"{len(queries)} queries naming an actor or place, search() with a page of 20"
    )
    for (label, kept), values in times.items():
        print(
            f"  {label}, {kept}: p50 {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 95):.1f} ms, p99 {percentile(values, 99):.1f} ms"
        )


if __name__ == "__main__":
    main()
