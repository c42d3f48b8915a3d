"""Load test: simulated readers against `make serve` (gunicorn, production settings).

    .venv/bin/python bench/load.py --data-dir DIR [--users 16] [--duration 120]

DIR is an archive's data folder (db.sqlite3 and whoosh_index, e.g. one made
by bench/search_latency.py or bench/scale.py: a copy, since `make serve`
migrates it and collects static files into it). The script starts `make serve
SEED=` on a free port of 127.0.0.1 (never another host), waits for /healthz,
then runs USERS simulated readers for DURATION seconds, each on its own
keep-alive connection, pausing THINK seconds (uniform) between requests; then
stops the server and prints requests/s, p50/p95/p99 by kind of request,
errors, the load average, and each gunicorn worker's memory (RSS, PSS).

The mix: half searches (1-3 title words, as bench/search_latency.py makes
them; the page and /api/v1/search), then statement pages, the list
(/statements/), actor pages, /api/v1/statements and the home page.

Why a script rather than locust: the standard library's threads and
http.client are enough for a closed loop of 16 readers, percentiles are
computed from every request's time (not locust's rounded buckets), and the
benchmark needs no gevent in the project's dependencies.
"""

import argparse
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_latency import make_queries, percentile  # noqa: E402

HOST = "127.0.0.1"  # the only host this script ever sends to
# (kind, weight): half searches, then the pages a reader opens from them.
MIX = [
    ("search page", 35),
    ("search api", 15),
    ("statement page", 20),
    ("list page", 8),
    ("actor page", 7),
    ("statements api", 10),
    ("home page", 5),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def sample_ids(data_dir: Path, count: int = 2000) -> tuple[list[int], list[int]]:
    """Public statements' and issuing actors' ids, read from the database."""
    db = sqlite3.connect(f"file:{data_dir / 'db.sqlite3'}?mode=ro", uri=True)
    try:
        statements = [
            r[0]
            for r in db.execute(
                "SELECT id FROM statements_statement WHERE status='published' "
                "ORDER BY random() LIMIT ?",
                (count,),
            )
        ]
        actors = [
            r[0]
            for r in db.execute(
                "SELECT DISTINCT issuer_id FROM statements_statement "
                "WHERE issuer_id IS NOT NULL LIMIT ?",
                (count,),
            )
        ]
    finally:
        db.close()
    return statements, actors


def make_paths(rng: random.Random, queries, statements, actors):
    """An endless stream of (kind, path) in the mix's proportions."""
    kinds, weights = zip(*MIX, strict=True)
    while True:
        kind = rng.choices(kinds, weights)[0]
        q = urllib.parse.quote(rng.choice(queries))
        yield (
            kind,
            {
                "search page": f"/search/?q={q}",
                "search api": f"/api/v1/search?q={q}",
                "statement page": f"/statements/{rng.choice(statements)}/",
                "list page": f"/statements/?page={rng.randint(1, 20)}",
                "actor page": f"/actors/{rng.choice(actors)}/",
                "statements api": "/api/v1/statements",
                "home page": "/",
            }[kind],
        )


def reader(port, paths, think, deadline, results, seed) -> None:
    """One simulated reader: request, read, pause, until the deadline."""
    rng = random.Random(seed)
    connection = HTTPConnection(HOST, port, timeout=30)
    while time.monotonic() < deadline:
        kind, path = next(paths)
        start = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            ok = response.status < 400
        except OSError:
            connection.close()
            connection = HTTPConnection(HOST, port, timeout=30)
            ok = False
        results[kind].append((time.perf_counter() - start, ok))
        time.sleep(rng.uniform(*think))
    connection.close()


def worker_memory(master: int) -> list[tuple[int, int, int]]:
    """(pid, RSS MiB, PSS MiB) of each child of gunicorn's master."""
    found = []
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = {}
        for line in Path(f"/proc/{child}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0])
        found.append((int(child), fields["Rss"] // 1024, fields["Pss"] // 1024))
    return found


def run_readers(port, args, seconds, queries, statements, actors) -> dict:
    """``args.users`` readers for ``seconds``; their (time, ok) by kind."""
    results = defaultdict(list)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=reader,
            args=(
                port,
                make_paths(random.Random(n), queries, statements, actors),
                args.think,
                deadline,
                results,
                n,
            ),
        )
        for n in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def start_server(data_dir: Path, port: int, workers: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        PORT=str(port),
        WEB_LOG_LEVEL="warning",
        # Every simulated reader comes from 127.0.0.1: with the per-client
        # rate limits on, they would share one count and measure 429s.
        ARCHIVE_RATE_LIMITS_ENABLED="0",
    )
    if workers:
        env["WEB_CONCURRENCY"] = workers
    log = open(data_dir / "load-serve.log", "w")  # noqa: SIM115 (the server's life)
    return subprocess.Popen(
        ["make", "--no-print-directory", "serve", "SEED="],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("make serve stopped: see load-serve.log in the data folder")
        try:
            connection = HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    sys.exit("make serve did not become healthy")


def gunicorn_master(server: subprocess.Popen) -> int:
    """make's child: the shell that exec'd gunicorn."""
    path = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return int(path.read_text().split()[0])


def report(results, elapsed: float, memory, load_before, load_after, args) -> dict:
    every = [t for times in results.values() for t in times]
    summary = {
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "think_s": args.think,
        "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1),
        "errors": sum(1 for _, ok in every if not ok),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "workers_mib": [{"pid": p, "rss": r, "pss": s} for p, r, s in memory],
        "kinds": {},
    }
    for kind, times in sorted([("all", every), *results.items()]):
        ms = sorted(t * 1000 for t, _ in times)
        row = {
            "n": len(ms),
            **{f"p{p}": round(percentile(ms, p), 1) for p in (50, 95, 99)},
        }
        if kind == "all":
            summary.update(row)
        else:
            summary["kinds"][kind] = row
    return summary


def print_report(summary: dict) -> None:
    print(
        f"{summary['users']} users, {summary['duration_s']} s, "
        f"think {summary['think_s']} s"
    )
    print(
        f"{summary['requests']} requests, {summary['requests_per_s']} req/s, "
        f"{summary['errors']} errors; p50 {summary['p50']} ms, "
        f"p95 {summary['p95']} ms, p99 {summary['p99']} ms"
    )
    for kind, row in summary["kinds"].items():
        print(
            f"  {kind:15} n={row['n']:5}  p50 {row['p50']:7} p95 {row['p95']:7} "
            f"p99 {row['p99']:7} ms"
        )
    for worker in summary["workers_mib"]:
        print(
            f"  worker {worker['pid']}: "
            f"RSS {worker['rss']} MiB, PSS {worker['pss']} MiB"
        )
    print(
        f"load average before {summary['load_average_before']}, "
        f"after {summary['load_average_after']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=float, default=120, help="seconds")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.5, 2.0),
        metavar=("MIN", "MAX"),
        help="pause between requests, s",
    )
    parser.add_argument("--workers", default="", help="WEB_CONCURRENCY")
    parser.add_argument(
        "--warmup", type=float, default=15, help="seconds of load not measured"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    queries = make_queries(500)
    statements, actors = sample_ids(data_dir)
    port = free_port()
    server = start_server(data_dir, port, args.workers)
    try:
        wait_ready(port, server)
        # Each worker's first searches read the index's caches (search/cache.py):
        # a node serves warm, so that time is not measured.
        run_readers(port, args, args.warmup, queries, statements, actors)
        load_before = [round(x, 2) for x in os.getloadavg()]
        start = time.monotonic()
        results = run_readers(port, args, args.duration, queries, statements, actors)
        elapsed = time.monotonic() - start
        memory = worker_memory(gunicorn_master(server))
        load_after = [round(x, 2) for x in os.getloadavg()]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    summary = report(results, elapsed, memory, load_before, load_after, args)
    print_report(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
