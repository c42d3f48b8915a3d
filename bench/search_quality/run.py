"""Score the archive's search on the benchmark queries: success@10, MRR, latency.

    .venv/bin/python bench/search_quality/run.py [--set dev|test|both]
        [--classes hamza,typo] [--limit N] [--save-index DIR | --reuse DIR]
        [--engine archive|lucene|lucene-and] [--misses K]

Imports the 8,000 sampled articles (read in place from ../shared/corpus) into a
new archive in a temporary folder, runs every query of the development set
(queries.jsonl, the one to tune on), then of the held-out test set
(test_queries.jsonl, only to report), through ``statements.search.search``
and prints a table by class for each. Each set's JSON result goes to
bench/results/ (git-ignored) and names its set. ``--save-index DIR`` keeps
the archive in DIR and ``--reuse DIR`` searches it again without importing
(about two minutes saved); rebuild it whenever the analyzer or the index
changes.
``--engine lucene`` (or ``lucene-and``) scores a plain-Python Lucene
ArabicAnalyzer with the OR (or AND) operator instead, for comparison.
"""

import argparse
import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus import (
    DEFAULT_CORPUS,
    ROOT,
    SAMPLE_IDS,
    read_corpus,
    read_sample_ids,
    sample_records,
)
from query_sets import SETS, read_set
from variations import CONTROL_CLASSES, HARD_CLASSES, STANDARD_CLASSES

RESULTS = ROOT / "bench" / "results"
DEPTH = 100  # results read per query: MRR counts a target found down to rank 100
TOP = 10
MARKER = "search_quality.json"  # in a saved archive: which sample it holds

Search = Callable[[str], tuple[list[str], list[str]]]  # query → ids, notices
ENGINES = ("archive", "lucene", "lucene-and")


@dataclass
class Outcome:
    query: dict
    rank: int | None  # 1-based rank of the target in the first DEPTH results
    seconds: float
    first: str = ""  # the best-ranked article, when it is not the target
    notices: list[str] = field(default_factory=list)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=[*SETS, "both"],
        default="both",
        dest="query_set",
        help="dev (tuned on), test (held out, only to report) or both (default)",
    )
    parser.add_argument("--classes", help="comma-separated classes (default: all)")
    parser.add_argument("--limit", type=int, help="only the first N queries a class")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--engine", choices=ENGINES, default="archive")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--save-index", type=Path, metavar="DIR", help="keep archive")
    where.add_argument("--reuse", type=Path, metavar="DIR", help="saved archive")
    parser.add_argument(
        "--misses", type=int, default=0, metavar="K", help="show K misses a class"
    )
    return parser.parse_args(argv)


def set_names(query_set: str) -> list[str]:
    return list(SETS) if query_set == "both" else [query_set]


def chosen_queries(
    queries: list[dict], classes: str | None, limit: int | None
) -> list[dict]:
    known = {q["class"] for q in queries}
    wanted = set(classes.split(",")) if classes else known
    if unknown := wanted - known:
        raise SystemExit(
            f"unknown class {', '.join(sorted(unknown))}: "
            f"choose among {', '.join(sorted(known))}"
        )
    picked, seen = [], {}
    for query in queries:
        if query["class"] in wanted:
            seen[query["class"]] = seen.get(query["class"], 0) + 1
            if limit is None or seen[query["class"]] <= limit:
                picked.append(query)
    return picked


def sample_fingerprint() -> str:
    return hashlib.sha256(SAMPLE_IDS.read_bytes()).hexdigest()[:16]


def load_sample(corpus: Path) -> list[dict]:
    return sample_records(list(read_corpus(corpus)), read_sample_ids())


def archive_search(args: argparse.Namespace) -> tuple[Search, Path | None]:
    """A search function over a set-up archive, and the folder to delete after."""
    folder = args.reuse or args.save_index or Path(tempfile.mkdtemp(prefix="sq-"))
    if args.reuse and not (folder / MARKER).exists():
        raise SystemExit(
            f"{folder} holds no saved benchmark archive: make one with "
            f"--save-index {folder}"
        )
    folder.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django

    start_django(folder)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.reuse:
        check_marker(folder)
    else:
        set_up_archive(folder, args.corpus)
    from statements.search import SearchRequest, search

    def run(q: str) -> tuple[list[str], list[str]]:
        response = search(SearchRequest(q=q, page=1, page_size=DEPTH))
        ids = [hit.statement.external_id for hit in response.hits]
        return ids, [str(n) for n in response.notices]

    return run, None if (args.reuse or args.save_index) else folder


def check_marker(folder: Path) -> None:
    saved = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    if saved.get("sample") != sample_fingerprint():
        raise SystemExit(
            f"{folder} holds another sample than sample_ids.txt: "
            "make a new one with --save-index"
        )


def set_up_archive(folder: Path, corpus: Path) -> None:
    """``make setup`` on the sample: the gazetteer, then the articles and index."""
    from django.core.management import call_command

    from statements.ingest import import_paths

    call_command("load_gazetteer", verbosity=0)
    path = folder / "sample.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for record in load_sample(corpus):
            # ASCII escapes: a raw U+2028 inside a line would split it in two.
            out.write(json.dumps(record) + "\n")
    print(f"importing the sample into {folder} …", file=sys.stderr)
    start = time.perf_counter()
    summary = import_paths([path])
    path.unlink()  # the archive holds it now; no copy of the corpus stays
    print(
        f"  {summary.created} created, {summary.failed} failed "
        f"in {time.perf_counter() - start:.0f} s",
        file=sys.stderr,
    )
    for error in summary.errors[:10]:
        print(f"  {error}", file=sys.stderr)
    marker = {"sample": sample_fingerprint(), "created": summary.created}
    (folder / MARKER).write_text(json.dumps(marker), encoding="utf-8")


def lucene_search(corpus: Path, operator: str) -> Search:
    from baselines import LuceneArabic

    engine = LuceneArabic(load_sample(corpus), operator)
    return lambda q: (engine.search(q, DEPTH), [])


def score(queries: list[dict], run) -> list[Outcome]:
    outcomes = []
    for query in queries:
        start = time.perf_counter()
        ids, notices = run(query["query"])
        seconds = time.perf_counter() - start
        rank = ids.index(query["target"]) + 1 if query["target"] in ids else None
        first = ids[0] if ids and rank != 1 else ""
        outcomes.append(Outcome(query, rank, seconds, first, notices))
    return outcomes


def figures(outcomes: list[Outcome]) -> dict:
    """success@10, MRR (to rank 100), found in 100, and latency of some outcomes."""
    n = len(outcomes)
    times = sorted(o.seconds for o in outcomes)
    return {
        "queries": n,
        "success_at_10": sum(o.rank is not None and o.rank <= TOP for o in outcomes)
        / n,
        "mrr": sum(1 / o.rank for o in outcomes if o.rank) / n,
        "found_in_100": sum(o.rank is not None for o in outcomes) / n,
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[min(n - 1, int(0.95 * n))],
    }


def summarize(outcomes: list[Outcome]) -> dict[str, dict]:
    """Figures by class, then for the standard and the hard classes together."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.query["class"], []).append(outcome)
    order = [*CONTROL_CLASSES, *STANDARD_CLASSES, *HARD_CLASSES]
    table = {c: figures(groups[c]) for c in order if c in groups}
    for name, classes in (("STANDARD", STANDARD_CLASSES), ("HARD", HARD_CLASSES)):
        members = [o for c in classes for o in groups.get(c, [])]
        if members:
            table[name] = figures(members)
    everything = [o for o in outcomes if o.query["class"] not in CONTROL_CLASSES]
    if everything:
        table["ALL (no exact)"] = figures(everything)
    return table


def print_table(table: dict[str, dict]) -> None:
    print(
        f"{'class':<20}{'n':>6}{'s@10':>8}{'MRR':>7}{'in 100':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}"
    )
    for name, f in table.items():
        if name == "STANDARD":
            print("-" * 65)
        print(
            f"{name:<20}{f['queries']:>6}{f['success_at_10']:>8.1%}{f['mrr']:>7.3f}"
            f"{f['found_in_100']:>8.1%}{f['p50_ms']:>8.0f}{f['p95_ms']:>8.0f}"
        )


def print_misses(outcomes: list[Outcome], per_class: int) -> None:
    shown: dict[str, int] = {}
    for o in outcomes:
        cls = o.query["class"]
        if (o.rank or DEPTH + 1) > TOP and shown.get(cls, 0) < per_class:
            shown[cls] = shown.get(cls, 0) + 1
            where = f"rank {o.rank}" if o.rank else "not found"
            source = " ".join(o.query["source_words"])
            print(
                f"  {cls}: {o.query['query']} ← {source} "
                f"({where}; first: {o.first or 'nothing'}) {'; '.join(o.notices)}"
            )


def write_result(
    engine: str, query_set: str, table: dict, outcomes: list[Outcome]
) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.machine import describe

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"search_quality-{engine}-{query_set}-{stamp}.json"
    result = {
        "engine": engine,
        "set": query_set,
        "queries": SETS[query_set].name,
        "machine": describe(),
        "depth": DEPTH,
        "figures": table,
        "ranks": {o.query["id"]: o.rank for o in outcomes},
    }
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def report(engine: str, query_set: str, outcomes: list[Outcome], misses: int) -> None:
    print(f"\n{query_set} set ({SETS[query_set].name}), {engine}:")
    table = summarize(outcomes)
    print_table(table)
    if misses:
        print_misses(outcomes, misses)
    print(f"result: {write_result(engine, query_set, table, outcomes)}")


def main() -> None:
    args = parse_args()
    sets = {
        name: chosen_queries(read_set(name), args.classes, args.limit)
        for name in set_names(args.query_set)
    }
    if args.engine.startswith("lucene"):
        operator = "AND" if args.engine == "lucene-and" else "OR"
        run, temporary = lucene_search(args.corpus, operator), None
    else:
        run, temporary = archive_search(args)
    try:
        # One archive (or Lucene index) for both sets: they search one sample.
        for name, queries in sets.items():
            report(args.engine, name, score(queries, run), args.misses)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
