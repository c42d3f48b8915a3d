"""Database size benchmark: what each table and index of the archive costs.

    .venv/bin/python bench/db_size.py [--limit N] [--keep DIR] [--reuse DIR]

Imports ../shared/corpus/ant-v2.1.jsonl.gz (read in place; with --limit, its
first N records) into a new archive in a temporary folder (or DIR with
--keep), or measures an archive made before (--reuse DIR), then prints the
database's size and, from SQLite's ``dbstat`` table, the pages of each table
and index with the bytes they leave unused. With --limit, the sizes are also
extrapolated to the whole corpus (31,523 records), in proportion to the
statements archived: fine for what grows with them, rough for the rest.
"""

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ant-v2.1.jsonl.gz"
CORPUS_RECORDS = 31_523
MIB = 2**20


def import_corpus(corpus: Path, limit: int | None, folder: Path) -> None:
    """Migrate a new archive in ``folder`` and import the corpus into it."""
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django
    from bench.import_corpus import prepare

    start_django(folder)
    from django.core.management import call_command

    from statements.ingest import import_paths

    call_command("migrate", verbosity=0)
    path = prepare(corpus, limit, folder)
    start = time.perf_counter()
    summary = import_paths([path])
    print(
        f"imported {summary.created} statements "
        f"({summary.failed} failed) in {time.perf_counter() - start:.0f} s"
    )


def breakdown(database: Path) -> tuple[int, int, list[tuple[str, int, int]]]:
    """(statements, file size, [(table or index, bytes, unused bytes)]) after
    moving the write-ahead log into the database file."""
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        statements = db.execute("SELECT COUNT(*) FROM statements_statement").fetchone()
        rows = db.execute(
            "SELECT name, SUM(pgsize), SUM(unused) FROM dbstat "
            "GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    return statements[0], database.stat().st_size, rows


def report(database: Path, limit: int | None) -> None:
    """The breakdown, largest first; what takes under 0.1% is summed on one line."""
    statements, size, rows = breakdown(database)
    scale = CORPUS_RECORDS / statements if limit and statements else None
    print(f"{database}: {statements} statements, {size / MIB:.1f} MiB")
    if scale:
        print(
            f"extrapolated to {CORPUS_RECORDS} statements: {size * scale / MIB:.0f} MiB"
        )
    print(
        f"{'table or index':<62} {'MiB':>7} {'unused':>7} {'share':>6}"
        + (f" {'corpus':>7}" if scale else "")
    )
    small = [
        (name, pages, unused) for name, pages, unused in rows if pages < size / 1000
    ]
    lines = [row for row in rows if row not in small]
    lines.append(
        (f"({len(small)} others)", sum(r[1] for r in small), sum(r[2] for r in small))
    )
    for name, pages, unused in lines:
        print(
            f"{name:<62} {pages / MIB:7.2f} {unused / MIB:7.2f} {pages / size:6.1%}"
            + (f" {pages * scale / MIB:7.1f}" if scale else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="import only the first N records")
    parser.add_argument("--keep", type=Path, help="build the archive in this folder")
    parser.add_argument("--reuse", type=Path, help="measure this archive's folder")
    args = parser.parse_args()
    if args.reuse:
        report(args.reuse / "db.sqlite3", args.limit)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="archive-size-"))
    folder.mkdir(parents=True, exist_ok=True)
    import_corpus(args.corpus, args.limit, folder)
    report(folder / "db.sqlite3", args.limit)


if __name__ == "__main__":
    main()
