"""Server time of the list pages served from the database while the index
cannot be read (statements/web/fallback.py): p50, slowest and SQL queries, warm.

    cp ARCHIVE/db.sqlite3 COPY/ && ARCHIVE_DATA_DIR=COPY manage.py migrate
    .venv/bin/python bench/fallback_pages.py COPY [--requests 15]

Give it an archive folder without its ``whoosh_index`` (a copy of the
database alone): every page must answer 200 with the notice. Each list is
asked for at its top and deep (after the middle id, or the 20th of the
month): a keyset page costs the same anywhere. The lists are the biggest
there are (the issuer and the tag with most statements) and the smallest tag.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(folder: Path) -> None:
    os.environ["ARCHIVE_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages() -> dict[str, str]:
    from django.db.models import Count

    from statements.models import Actor, Statement, Tag

    public = Statement.objects.public()
    ids = public.order_by("pk").values_list("pk", flat=True)
    middle = ids[len(ids) // 2]
    actor = Actor.objects.annotate(n=Count("statements_issued")).order_by("-n")[0]
    tags = Tag.objects.annotate(n=Count("statements")).filter(n__gt=0).order_by("n")
    year = public.exclude(date_issued=None).latest("date_issued").date_issued.year
    return {
        "home": "/",
        "browse": "/statements/",
        "browse, deep": f"/statements/?after={middle}",
        "issuers": "/actors/",
        "largest issuer": f"/actors/{actor.pk}/",
        "largest tag": f"/tags/{tags.last().pk}/",
        "largest tag, deep": f"/tags/{tags.last().pk}/?after={middle}",
        "smallest tag": f"/tags/{tags.first().pk}/",
        "year": f"/archive/{year}/",
        "month": f"/archive/{year}/5/",
        "month, deep": f"/archive/{year}/5/?after={year}-05-20.1",
    }


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
    if response.status_code != 200 or b"index-notice" not in response.content:
        raise SystemExit(f"{url}: {response.status_code}, not the database's page")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), max(times), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    if (args.folder / "whoosh_index").exists():
        raise SystemExit(f"{args.folder} has its index: give a copy without it")
    setup(args.folder)
    import logging

    from django.test import Client

    from statements.models import Statement

    # The index error is logged at every request: that is not the figure.
    logging.disable(logging.ERROR)
    client = Client(SERVER_NAME="127.0.0.1")  # a host the dev settings allow
    print(f"{Statement.objects.public().count()} public statements, no index")
    for name, url in pages().items():
        p50, slowest, queries = measure(client, url, args.requests)
        print(f"{name:18} p50 {p50:6.1f} ms  slowest {slowest:6.1f} ms", end="  ")
        print(f"{queries} queries")


if __name__ == "__main__":
    main()
