"""Import benchmark: the ANT corpus into an empty archive, index included.

    .venv/bin/python bench/import_corpus.py [--corpus PATH] [--limit N] [--keep DIR]

Reads ../shared/corpus/ant-v2.1.jsonl.gz in place, imports it into a new
database and index in a temporary folder, and prints records per second for
the first import and for a second, unchanged one. With --keep, the archive
stays in DIR (for bench/search_latency.py --reuse DIR).
"""

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ant-v2.1.jsonl.gz"


def prepare(corpus: Path, limit: int | None, folder: Path) -> Path:
    """The corpus, or a file of its first ``limit`` records in ``folder``."""
    if limit is None:
        return corpus
    subset = folder / "subset.jsonl"
    with (
        gzip.open(corpus, "rt", encoding="utf-8") as source,
        open(subset, "w", encoding="utf-8") as out,
    ):
        for n, line in enumerate(source):
            if n >= limit:
                break
            out.write(line)
    return subset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="import only the first N records")
    parser.add_argument(
        "--keep", type=Path, help="build the archive in this new folder"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django

    start_django(folder)
    from django.core.management import call_command

    from bench.machine import describe
    from statements.ingest import import_paths
    from statements.search.backend import document_count

    call_command("migrate", verbosity=0)
    path = prepare(args.corpus, args.limit, folder)
    print(f"machine: {describe()}")
    for label in ("first import", "second import (unchanged)"):
        start = time.perf_counter()
        summary = import_paths([path])
        seconds = time.perf_counter() - start
        records = summary.created + summary.updated + summary.unchanged
        print(
            f"{label}: {records} records ({summary.created} created, "
            f"{summary.unchanged} unchanged, {summary.failed} failed) "
            f"in {seconds:.1f} s = {records / seconds:.0f} records/s"
        )
    size = sum(f.stat().st_size for f in (folder / "whoosh_index").iterdir()) / 2**20
    print(
        f"index: {document_count()} documents, {size:.0f} MiB; "
        f"database: {(folder / 'db.sqlite3').stat().st_size / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
