"""Admin latency benchmark: the statement list and its search, on a full archive.

    .venv/bin/python bench/admin_latency.py --reuse DIR [--requests 20]

DIR is an archive made by bench/db_size.py --keep (or bench/import_corpus.py
--keep). Logs a superuser in through Django's test client (``bench-admin``,
made in that archive if missing), sends each page a few warm-up requests,
then times ``--requests`` more and prints p50/p95 with the number of
statements each search found.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANGELIST = "/en/admin/statements/statement/"
# The list, a search as a curator types it (no hamza), a word with attached
# prefixes, and two words.
SEARCHES = ("", "الامن", "والأمن", "قوات الامن")
WARM_UP = 3


def found(page: str) -> str:
    """What the list says it shows: "123 results", or the total when unsearched."""
    match = re.search(r"(\d[\d,]*) (?:results?|statements?)\b", page)
    return match.group(0) if match else "?"


def time_page(client, query: str, requests: int) -> tuple[list[float], str]:
    params = {"q": query} if query else {}
    for _ in range(WARM_UP):
        client.get(CHANGELIST, params)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(CHANGELIST, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    return timings, found(response.content.decode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, required=True, help="an archive folder")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django

    start_django(args.reuse)
    from django.contrib.auth.models import User
    from django.test import Client

    from bench.machine import describe
    from bench.search_latency import percentile
    from statements.models import Statement

    print(f"machine: {describe()}")
    print(f"archive: {args.reuse}, {Statement.objects.count()} statements")
    user = User.objects.filter(username="bench-admin").first()
    user = user or User.objects.create_superuser("bench-admin", password=None)
    client = Client(SERVER_NAME="127.0.0.1")  # a host dev settings allow
    client.force_login(user)
    for query in SEARCHES:
        timings, shown = time_page(client, query, args.requests)
        print(
            f"{query or '(the list)':>12}: p50 {statistics.median(timings):6.0f} ms, "
            f"p95 {percentile(timings, 95):6.0f} ms ({shown})"
        )


if __name__ == "__main__":
    main()
