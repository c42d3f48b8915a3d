"""Costs at one and ten times the corpus: import, sizes, rebuild and every page.

    .venv/bin/python bench/scale.py [--factors 1,10] [--synthetic N] [--reuse-dir DIR]
                                    [--requests 30] [--budget 60] [--skip-import]

Builds one archive per size, each in its own folder: the seed and the corpus
(factor 1: 31,524 statements), and for factor F also the ``(F - 1) * 31,523``
statements of bench/make_corpus.py (factor 10: 315,231), imported in files
the size of the corpus so each file's rate compares with the corpus's. Every
step runs in a subprocess, as ``make run`` would (``migrate``,
``load_gazetteer``, ``import_statements`` of seeds/, the corpus, the synthetic
files, then ``rebuild_index``), timed with its peak memory (the largest
resident size of the process or any child it waited for). Then the database
and index sizes, and bench/page_costs.py's p50/p95 of every page.

Prints one table (rows: the measures, columns: the sizes) and writes all
figures to bench/results/scale-<time>.json. Factor 10 takes about an hour on
two cores: 20-30 minutes of import, as long again to rebuild the index.
``--reuse-dir DIR`` keeps each archive in DIR/f1, DIR/f10 with its build
figures, so a second run measures the pages without importing again;
without it the archives are built in a temporary folder and deleted.
``--synthetic 3000`` adds an archive of the seed and 3,000 synthetic
statements only (without ``--factors`` it is the only one: a smoke run).
"""

import argparse
import datetime
import json
import os
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: the repository on the path, for the other bench modules.
sys.path.insert(0, str(ROOT))

from bench.archive import archive_environment  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.make_corpus import CORPUS, CORPUS_SIZE  # noqa: E402
from bench.scale_report import table  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
# Seconds between two "still running" lines of a long step.
PROGRESS_EVERY = 60
BUILD_FIGURES = "build.json"


@dataclass(frozen=True)
class Size:
    """One archive to build: the seed, maybe the corpus, and synthetic statements."""

    label: str
    corpus: bool
    synthetic: int


def sizes(factors: list[float], synthetic: list[int]) -> list[Size]:
    by_factor = [
        Size(f"f{factor:g}", True, round((factor - 1) * CORPUS_SIZE))
        for factor in factors
    ]
    return by_factor + [Size(f"s{n}", False, n) for n in synthetic]


def environment(folder: Path) -> dict:
    return {**os.environ, **archive_environment(folder)}


def current_rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            line = next(x for x in status if x.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def wait(process: subprocess.Popen, label: str) -> tuple[int, float]:
    """Wait for ``process``, saying every minute that it runs; returns its exit
    code and peak memory in MiB. ``os.wait4`` gives the usage of this child
    alone (``RUSAGE_CHILDREN`` would be the largest of all children so far)."""
    started = last = time.monotonic()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_maxrss / 1024
        if time.monotonic() - last >= PROGRESS_EVERY:
            last = time.monotonic()
            print(
                f"    … {label}: {last - started:.0f} s, "
                f"{current_rss_mib(process.pid):.0f} MiB resident",
                flush=True,
            )
        time.sleep(0.5)


def children_cpu_seconds() -> float:
    """CPU time (user and system) of the finished steps and their processes:
    unlike wall time, it does not grow when other jobs share the machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_step(folder: Path, label: str, args: list[str]) -> dict:
    """Run one step of a build in a subprocess; its output goes to a log file."""
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    log = logs / f"{label}.log"
    started = time.perf_counter()
    cpu_before = children_cpu_seconds()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=environment(folder),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        code, peak = wait(process, label)
    seconds = time.perf_counter() - started
    cpu = children_cpu_seconds() - cpu_before
    if code != 0:
        raise SystemExit(f"{label} failed (exit status {code}): see {log}")
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mib": peak,
        "last_line": lines[-1] if lines else "",
    }


def import_step(folder: Path, label: str, path: Path, records: int) -> dict:
    figures = run_step(folder, label, [*MANAGE, "import_statements", str(path)])
    figures |= {
        "records": records,
        "per_second": records / figures["seconds"],
        "per_cpu_second": records / figures["cpu_seconds"],
    }
    print(
        f"    {label}: {records:,} records in {figures['seconds']:.0f} s = "
        f"{figures['per_second']:.0f} records/s ({figures['cpu_seconds']:.0f} CPU s: "
        f"{figures['per_cpu_second']:.0f} records a CPU second), peak "
        f"{figures['peak_rss_mib']:.0f} MiB ({figures['last_line']})",
        flush=True,
    )
    return figures


def synthetic_files(folder: Path, count: int, per_file: int) -> tuple[list, dict]:
    """Write ``count`` synthetic records (bench/make_corpus.py) beside the archive."""
    out = folder / "synthetic"
    make = [sys.executable, str(ROOT / "bench" / "make_corpus.py")]
    options = ["--count", str(count), "--per-file", str(per_file), "--out", str(out)]
    figures = run_step(folder, "make_corpus", [*make, *options])
    print(f"    {figures['last_line']}", flush=True)
    paths = sorted(out.glob("synthetic-*.jsonl.gz"))
    sizes = [min(per_file, count - i * per_file) for i in range(len(paths))]
    return list(zip(paths, sizes, strict=True)), figures


def database_size(path: Path) -> dict:
    """The database file's size after a checkpoint, and its tables' and indexes'
    (SQLite's dbstat, when compiled in)."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            rows = db.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        except sqlite3.OperationalError:
            rows = []
    db.close()
    return {
        "mib": path.stat().st_size / 2**20,
        "objects_mib": {name: size / 2**20 for name, size in rows},
    }


def folder_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def build(size: Size, folder: Path, per_file: int) -> dict:
    """Import everything into the new archive in ``folder``; its build figures."""
    manage = {
        "migrate": ["migrate", "--noinput"],
        "load_gazetteer": ["load_gazetteer"],
    }
    steps = {
        label: run_step(folder, label, [*MANAGE, *a]) for label, a in manage.items()
    }
    imports = {"seed": import_step(folder, "seed", ROOT / "seeds", 1)}
    if size.corpus:
        imports["corpus"] = import_step(folder, "corpus", CORPUS, CORPUS_SIZE)
    if size.synthetic:
        files, steps["make_corpus"] = synthetic_files(folder, size.synthetic, per_file)
        for path, records in files:
            label = path.name.removesuffix(".jsonl.gz")
            imports[label] = import_step(folder, label, path, records)
    index_after_import = folder_mib(folder / "whoosh_index")
    rebuild = run_step(folder, "rebuild_index", [*MANAGE, "rebuild_index", "--noinput"])
    print(
        f"    rebuild_index: {rebuild['seconds']:.0f} s, peak "
        f"{rebuild['peak_rss_mib']:.0f} MiB ({rebuild['last_line']})",
        flush=True,
    )
    return {
        "steps": steps,
        "imports": imports,
        "rebuild_index": rebuild,
        "index_after_import_mib": index_after_import,
        "index_mib": folder_mib(folder / "whoosh_index"),
        "database": database_size(folder / "db.sqlite3"),
    }


def archive(size: Size, root: Path, skip_import: bool, per_file: int) -> dict:
    """The build figures of the archive in root/<label>: saved, or built now."""
    folder = root / size.label
    saved = folder / BUILD_FIGURES
    if saved.exists():
        print(f"[{size.label}] reusing the archive in {folder}", flush=True)
        return json.loads(saved.read_text(encoding="utf-8"))
    if skip_import:
        if not (folder / "db.sqlite3").exists():
            raise SystemExit(
                f"--skip-import, but {folder} holds no archive: "
                "run once without --skip-import to build it"
            )
        return {}
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(
            f"{folder} holds an unfinished build (no {BUILD_FIGURES}): "
            "delete it, or choose another --reuse-dir"
        )
    folder.mkdir(parents=True, exist_ok=True)
    print(f"[{size.label}] building in {folder}", flush=True)
    figures = build(size, folder, per_file)
    saved.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return figures


def page_costs(folder: Path, requests: int, budget: float) -> dict:
    """bench/page_costs.py on one archive, in a process of its own (Django
    reads ARCHIVE_DATA_DIR once per process)."""
    out = folder / "pages.json"
    out.unlink(missing_ok=True)
    script = str(ROOT / "bench" / "page_costs.py")
    options = ["--requests", str(requests), "--budget", str(budget), "--json", str(out)]
    print(f"[{folder.name}] pages", flush=True)
    subprocess.run(
        [sys.executable, script, str(folder), *options], cwd=ROOT, check=False
    )
    if not out.exists():
        raise SystemExit(f"bench/page_costs.py wrote no figures for {folder}")
    return json.loads(out.read_text(encoding="utf-8"))


def number_list(kind):
    """An argparse type: comma-separated numbers (empty for none)."""
    return lambda text: [kind(x) for x in text.split(",") if x.strip()]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--factors",
        type=number_list(float),
        help="sizes as multiples of the corpus (default 1,10; none with --synthetic)",
    )
    parser.add_argument(
        "--synthetic",
        type=number_list(int),
        default=[],
        help="also archives of the seed and N synthetic statements (N,M,…)",
    )
    parser.add_argument("--reuse-dir", type=Path, help="keep and reuse archives here")
    parser.add_argument("--skip-import", action="store_true", help="measure only")
    parser.add_argument("--requests", type=int, default=30, help="timed, per page")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds of timed requests per page"
    )
    parser.add_argument(
        "--per-file", type=int, default=CORPUS_SIZE, help="synthetic records a file"
    )
    args = parser.parse_args(argv)
    if args.factors is None:
        args.factors = [] if args.synthetic else [1, 10]
    if any(f < 1 for f in args.factors):
        parser.error("a factor is at least 1 (the corpus itself)")
    if args.skip_import and not args.reuse_dir:
        parser.error("--skip-import measures archives kept with --reuse-dir DIR")
    if args.reuse_dir and ROOT in [
        args.reuse_dir.resolve(),
        *args.reuse_dir.resolve().parents,
    ]:
        # The synthetic files are written beside each archive.
        parser.error("--reuse-dir must be outside the repository (e.g. /tmp/scale)")
    return args


def save(result: dict, path: Path) -> None:
    """The figures so far, with their table (written after each size: a failure
    at ten times the corpus keeps the figures of one)."""
    result["table"] = table(result)
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False))


def main(argv=None) -> None:
    args = parse_args(argv)
    root = args.reuse_dir or Path(tempfile.mkdtemp(prefix="archive-scale-"))
    now = datetime.datetime.now().astimezone()
    out = RESULTS / f"scale-{now:%Y%m%d-%H%M%S}.json"
    result = {
        "date": now.isoformat(timespec="seconds"),
        "machine": describe(),
        "command": shlex.join(["bench/scale.py", *(argv or sys.argv[1:])]),
        "requests": args.requests,
        "sizes": {},
    }
    failed = False
    for size in sizes(args.factors, args.synthetic):
        build = archive(size, root, args.skip_import, args.per_file)
        pages = page_costs(root / size.label, args.requests, args.budget)
        result["sizes"][size.label] = {"build": build, "pages": pages}
        failed |= any("error" in p for p in pages["pages"].values())
        save(result, out)
    print(f"\n{result['table']}\nfigures: {out}")
    if args.reuse_dir:
        print(f"archives kept in {root}")
    else:
        # Kept after a failure (its logs say why); gone after success.
        shutil.rmtree(root)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
