"""Dump benchmark: the time to write the public dumps of the full corpus.

    .venv/bin/python bench/dump_time.py [--reuse DIR] [--runs 3]

Imports ../shared/corpus/ant-v2.1.jsonl.gz (31,523 records, read in place)
into an archive in a temporary folder, or reuses an archive made before
(``--reuse DIR``, e.g. one kept by bench/import_corpus.py --keep DIR), then
times ``export_dumps`` (JSON Lines and CSV gzipped, the vocabulary,
datapackage.json, SHA256SUMS: what ``manage.py export_dumps`` writes) a few
times and prints the median with the machine. Target: ≤ 60 s on 2 cores.
"""

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, help="an archive made by an earlier run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = args.reuse or Path(tempfile.mkdtemp(prefix="archive-dump-"))
    sys.path.insert(0, str(ROOT))
    from bench.archive import corpus_archive, start_django

    start_django(folder)
    from bench.machine import describe
    from statements.dumps import export_dumps
    from statements.models import Statement

    print(f"machine: {describe()}")
    corpus_archive(folder)
    print(f"archive: {folder}, {Statement.objects.public().count()} public statements")
    seconds = []
    for run in range(1, args.runs + 1):
        start = time.perf_counter()
        dump = export_dumps()
        seconds.append(time.perf_counter() - start)
        print(f"run {run}: {seconds[-1]:.1f} s")
    for file in dump.files:
        print(f"  {file.name}: {file.size / 2**20:.1f} MiB")
    print(
        f"export_dumps of {dump.statements} statements: median "
        f"{statistics.median(seconds):.1f} s over {len(seconds)} runs "
        f"(min {min(seconds):.1f}, max {max(seconds):.1f}); target ≤ 60 s"
    )
    # Linux reports KiB: the chunks keep it flat whatever the archive's size.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"peak memory of this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
