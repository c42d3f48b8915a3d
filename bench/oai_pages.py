"""OAI-PMH benchmark: ListRecords pages of /oai on the full corpus, warm.

    .venv/bin/python bench/oai_pages.py [--reuse DIR] [--pages 60]

Imports ../shared/corpus/ant-v2.1.jsonl.gz (read in place) into an archive in
a temporary folder, or opens the one in DIR (``migrate`` first: an archive
made before the public change log gets it filled by migration 0011). Then,
through Django's test client in this process, times ListRecords pages of 100
records (``ARCHIVE_OAI_PAGE_SIZE``): the first page again and again, pages
deep in the list reached by following the resumption tokens (a harvester's
walk), and the pages of the largest issuer's set and of the largest type's.
Prints p50/p95/max and the SQL queries per page; the target is a page of 100
records within 300 ms.
"""

import argparse
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OAI = "{http://www.openarchives.org/OAI/2.0/}"
WARM_UP = 3


def get(client, params: dict) -> tuple[float, int, ET.Element]:
    """One request: its milliseconds, its SQL queries and its parsed answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get("/oai", params)
        milliseconds = (time.perf_counter() - start) * 1000
    root = ET.fromstring(response.content)
    error = root.find(f"{OAI}error")
    assert error is None, f"{params}: {error.get('code')} {error.text}"
    return milliseconds, len(queries), root


def walk(client, first: dict, pages: int) -> list[tuple[float, int, int]]:
    """Follow the tokens from ``first`` for ``pages`` pages: (ms, queries, records)."""
    timed, params = [], first
    for _ in range(pages):
        milliseconds, queries, root = get(client, params)
        timed.append((milliseconds, queries, len(root.findall(f".//{OAI}record"))))
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            break
        params = {"verb": "ListRecords", "resumptionToken": token.text}
    return timed


def largest_sets() -> tuple[str, str]:
    """The set specs of the issuer and of the type with the most statements logged."""
    from django.db.models import Count

    from statements.models import PublicChange, StatementType

    logged = PublicChange.objects.order_by()
    issuer = logged.exclude(issuer_id=None).values("issuer_id").annotate(n=Count("pk"))
    kind = logged.values("type_id").annotate(n=Count("pk"))
    issuer_id = max(issuer, key=lambda row: row["n"])["issuer_id"]
    type_id = max(kind, key=lambda row: row["n"])["type_id"]
    return f"issuer:{issuer_id}", f"type:{StatementType.objects.get(pk=type_id).code}"


def report(name: str, timed: list[tuple[float, int, int]]) -> None:
    from bench.search_latency import percentile

    times = [t for t, _q, _n in timed]
    print(
        f"| {name} | {len(times)} | {timed[0][2]} | {statistics.median(times):.0f} | "
        f"{percentile(times, 95):.0f} | {max(times):.0f} | "
        f"{statistics.median(q for _t, q, _n in timed):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, help="an archive with the corpus")
    parser.add_argument("--pages", type=int, default=60, help="pages of each walk")
    args = parser.parse_args()
    folder = args.reuse or Path(tempfile.mkdtemp(prefix="archive-oai-"))
    sys.path.insert(0, str(ROOT))
    from bench.archive import corpus_archive, start_django

    start_django(folder)
    from django.test import Client

    from bench.machine import describe
    from statements.models import PublicChange

    print(f"machine: {describe()}")
    corpus_archive(folder)
    print(f"change log: {PublicChange.objects.count()} statements")
    client = Client(SERVER_NAME="127.0.0.1")  # a host dev settings allow
    first = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    for _ in range(WARM_UP):
        get(client, first)
    by_issuer, by_type = largest_sets()
    walks = {
        "first page": [walk(client, first, 1)[0] for _ in range(args.pages)],
        "pages by token": walk(client, first, args.pages),
        f"set {by_issuer}": walk(client, {**first, "set": by_issuer}, args.pages),
        f"set {by_type}": walk(client, {**first, "set": by_type}, args.pages),
    }
    print("| ListRecords | pages | records/page | p50 ms | p95 ms | max ms | queries |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, timed in walks.items():
        report(name, timed)


if __name__ == "__main__":
    main()
