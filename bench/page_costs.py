"""Server time of every kind of page of one archive: p50/p95 and SQL queries, warm.

    .venv/bin/python bench/page_costs.py DIR [--requests 30] [--budget 60] [--json OUT]

Opens the archive in DIR (``ARCHIVE_DATA_DIR``, dev settings, as
bench/search_latency.py does) and requests each page through Django's test
client in this process: a few untimed requests first (caches, the OS page
cache), then ``--requests`` timed ones, each of which must answer 200 (a
page stops early, after at least five, once its timed requests pass
``--budget`` seconds). Dev settings, as bench/search_latency.py: DEBUG is on,
which costs little here and keeps the figures comparable with it. The
pages that show one of many things (a statement, a search) get a different
one each request; the others show the biggest there is (the actor issuing most
statements, the fullest month…), as that is where a page's cost would grow
with the archive. A page that fails is reported and the others still run; the
exit status is then 1. ``bench/scale.py`` runs this once per archive size.
"""

import argparse
import json
import math
import random
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = 20  # statements per page of the lists (statements.web.views)
WARM_UP = 3
# Timed requests a page gets even past its time budget: a page taking seconds
# at 315k statements must not stretch the run by an hour, but five requests
# still give a median.
MIN_REQUESTS = 5
ADMIN_QUERY = "الامن"
ADMIN_SEARCH = f"/admin/statements/statement/?{urlencode({'q': ADMIN_QUERY})}"


@dataclass(frozen=True)
class Page:
    """A kind of page: its name in the report and the URL of request i."""

    name: str
    url: Callable[[int], str]
    admin: bool = False


def same(path: str) -> Callable[[int], str]:
    return lambda _i: path


def each(paths: list[str]) -> Callable[[int], str]:
    return lambda i: paths[i % len(paths)]


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.archive import start_django

    start_django(folder)


def biggest(model, related: str):
    """The entry of ``model`` with the most published statements through ``related``."""
    from django.db.models import Count, Q

    from statements.models import Statement

    published = Q(**{f"{related}__status": Statement.Status.PUBLISHED})
    return (
        model.objects.annotate(n=Count(related, filter=published))
        .order_by("-n", "pk")
        .first()
    )


def fullest_periods() -> tuple[int, str]:
    """The year with the most dated statements, and the fullest month (YYYY-MM)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from statements.models import Statement

    years = (
        Statement.objects.published()
        .in_period(None, None)
        .annotate(year=ExtractYear("date_issued"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    months = Statement.objects.published().per_month()
    return years[0]["year"], max(months, key=lambda m: m[1])[0]


def statement_urls(count: int, seed: int) -> list[str]:
    """The canonical (slug) URLs of ``count`` random published statements."""
    from statements.models import Statement

    ids = list(Statement.objects.published().values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(count, len(ids)))
    statements = Statement.objects.in_bulk(chosen)
    return [statements[pk].get_absolute_url() for pk in chosen]


def pages(requests: int, seed: int) -> list[Page]:
    """Every kind of page, with what each request of it shows."""
    from bench.search_latency import make_queries
    from statements.models import Actor, Place, Statement, Tag
    from statements.web.forms import last_page

    wanted = WARM_UP + requests
    queries = [urlencode({"q": q}) for q in make_queries(wanted, seed)]
    published = Statement.objects.published().count()
    # The middle page, or the deepest one may ask for (ARCHIVE_MAX_RESULTS).
    deep = min(last_page(PAGE_SIZE), max(1, math.ceil(published / PAGE_SIZE) // 2))
    actor, place = biggest(Actor, "statements_issued"), biggest(Place, "statements")
    tag = biggest(Tag, "statements")
    year, month = fullest_periods()
    search, api = "/search/?", "/api/v1/search?"
    return [
        Page("home `/`", same("/")),
        Page("browse `/statements/`", same("/statements/")),
        Page("browse, middle page", same(f"/statements/?page={deep}")),
        Page("search `/search/?q=`", each([search + q for q in queries])),
        Page("API `/api/v1/search?q=`", each([api + q for q in queries])),
        Page("a statement", each(statement_urls(wanted, seed))),
        Page("issuers `/actors/`", same("/actors/")),
        Page("largest actor", same(f"/actors/{actor.pk}/")),
        Page("largest place", same(f"/places/{place.pk}/")),
        Page("largest tag", same(f"/tags/{tag.pk}/")),
        Page("fullest year", same(f"/archive/{year}/")),
        Page("fullest month", same(f"/archive/{month.replace('-', '/')}/")),
        *api_pages(wanted, seed, actor),
        Page("admin list", same("/admin/statements/statement/"), admin=True),
        Page(f"admin search {ADMIN_QUERY}", same(ADMIN_SEARCH), admin=True),
    ]


def api_pages(wanted: int, seed: int, actor) -> list[Page]:
    """The open-data API's pages: a statement, list pages (the first, one in
    the middle by its cursor, one filtered), a page of changes in the middle."""
    from statements.models import PublicChange, Statement
    from statements.web.api.cursors import make_cursor

    ids = list(Statement.objects.public().values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(wanted, len(ids)))
    middle = sorted(ids)[len(ids) // 2]
    rows = PublicChange.objects.in_order()
    change = rows[rows.count() // 2]
    listed = "/api/v1/statements?"
    return [
        Page("API statement", each([f"/api/v1/statements/{pk}" for pk in chosen])),
        Page("API statements, first 50", same(listed)),
        Page(
            "API statements, middle 50",
            same(listed + urlencode({"cursor": make_cursor("statements", middle)})),
        ),
        Page("API statements, first 100", same(listed + "page_size=100")),
        Page("API statements of the largest actor", same(f"{listed}issuer={actor.pk}")),
        Page(
            "API changes, middle 100",
            same(
                "/api/v1/changes?"
                + urlencode(
                    {
                        "cursor": make_cursor(
                            "changes", change.changed_at, change.statement_id
                        )
                    }
                )
            ),
        ),
    ]


def clients():
    """An anonymous client and one logged in as a superuser made for the benchmark."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user_model = get_user_model()
    admin = user_model.objects.filter(username="bench").first()
    if admin is None:
        admin = user_model.objects.create_superuser("bench", "", None)
    public = Client(SERVER_NAME="127.0.0.1")  # a host the dev settings allow
    logged_in = Client(SERVER_NAME="127.0.0.1")
    logged_in.force_login(admin)
    return public, logged_in


def get(client, url: str):
    """One request, its milliseconds and SQL queries; anything but 200 fails."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The query log keeps the last 9,000 queries: past them, a count made
    # from positions in it reads 0.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        milliseconds = (time.perf_counter() - start) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
    assert response.status_code == 200, f"{url}: status {response.status_code}"
    # A form error (a page past ARCHIVE_MAX_RESULTS…) answers 200 too: it is
    # not the page meant.
    assert b'class="errors"' not in response.content, f"{url}: a form error"
    return milliseconds, cpu_ms, len(queries)


def measure(client, page: Page, requests: int, budget: float) -> dict:
    """Warm-up requests, then up to ``requests`` timed ones within ``budget`` s."""
    from bench.search_latency import percentile

    first_ms, _cpu, _queries = get(client, page.url(0))
    for i in range(1, WARM_UP):
        get(client, page.url(i))
    times, cpu_times, queries = [], [], []
    started = time.perf_counter()
    for i in range(WARM_UP, WARM_UP + requests):
        milliseconds, cpu_ms, count = get(client, page.url(i))
        times.append(milliseconds)
        cpu_times.append(cpu_ms)
        queries.append(count)
        if time.perf_counter() - started > budget and len(times) >= MIN_REQUESTS:
            break
    return {
        "url": page.url(WARM_UP),
        "n": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        # This process's CPU time (SQLite runs in it): what the page costs,
        # less the waits for a CPU that other jobs on a shared machine cause.
        "cpu_p50_ms": statistics.median(cpu_times),
        "cpu_p95_ms": percentile(cpu_times, 95),
        "first_ms": first_ms,
        "queries": statistics.median(queries),
    }


def measure_all(requests: int, budget: float, seed: int, only: str = "") -> dict:
    """Every page's figures (or those whose name starts with ``only``), or the
    error that stopped it."""
    public, admin = clients()
    figures = {}
    for page in pages(requests, seed):
        if not page.name.startswith(only):
            continue
        try:
            result = measure(admin if page.admin else public, page, requests, budget)
        except Exception as exc:  # reported in the table; the other pages go on
            traceback.print_exc()
            result = {"url": page.url(0), "error": f"{type(exc).__name__}: {exc}"}
        figures[page.name] = result
        print(f"  {page.name}: {summary(result)}", flush=True)
    return figures


def summary(result: dict) -> str:
    if "error" in result:
        return f"FAILED ({result['error'][:80]})"
    return (
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms "
        f"(CPU {result['cpu_p50_ms']:.0f} / {result['cpu_p95_ms']:.0f} ms), "
        f"{result['queries']:.0f} queries (n={result['n']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="folder of db.sqlite3 and the index")
    parser.add_argument("--requests", type=int, default=30, help="timed, per page")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds of timed requests per page"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--only", default="", help="only the pages whose name starts with this (API)"
    )
    args = parser.parse_args()
    if not (args.archive / "db.sqlite3").exists():
        raise SystemExit(f"{args.archive} holds no db.sqlite3: build an archive first")
    setup_django(args.archive)
    from statements.models import Statement

    figures = {
        "statements": Statement.objects.published().count(),
        "pages": measure_all(args.requests, args.budget, args.seed, args.only),
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    if any("error" in r for r in figures["pages"].values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
