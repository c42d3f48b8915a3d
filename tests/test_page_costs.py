"""No page asks the database more when the archive holds more statements.

Each page is requested on an archive of 25 statements and again after 175
more (same issuer, place, tag, year and month, so every list grows): the
number of queries must be the same. What a page costs may depend on what it
shows, never on what it does not.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Place, Statement, Tag
from tests import postgresql_plans
from tests.factories import indexed, make_actor, make_statement

pytestmark = pytest.mark.django_db

PUBLIC = {
    "home": "/",
    "browse": "/statements/",
    "browse, page 2": "/statements/?page=2",
    "browse, filtered": "/statements/?issuer={actor}&place={place}",
    "search": "/search/?q=الحسكة",
    "search, newest": "/search/?q=الحسكة&sort=newest&page=2",
    "API": "/api/v1/search?q=الحسكة",
    "statement": "{statement}",
    "issuers": "/actors/",
    "actor": "/actors/{actor}/",
    "place": "/places/{place}/",
    "tag": "/tags/{tag}/",
    "year": "/archive/2020/",
    "month": "/archive/2020/5/",
}
ADMIN = {
    "admin list": "/admin/statements/statement/",
    "admin search": "/admin/statements/statement/?q=الحسكة",
}


def add_statements(count: int, actor, place, tag) -> list:
    made = []
    for n in range(count):
        statement = make_statement(
            f"بيان رقم {n} عن القصف في الحسكة",
            issuer=actor,
            date_issued=datetime.date(2020, 5, 1 + n % 5),
            date_precision="day",
        )
        statement.places.add(place)
        statement.tags.add(tag)
        made.append(statement)
    return indexed(*made)


def queries(client, url: str) -> int:
    client.get(url)  # warm: per-index-version caches, lazy imports
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def archive():
    actor = make_actor("القيادة العامة", "General Command")
    place = Place.objects.create(name_ar="الحسكة", name_en="Hasakah")
    tag = Tag.objects.create(name="قصف")
    first = add_statements(25, actor, place, tag)
    urls = {
        name: url.format(
            actor=actor.pk,
            place=place.pk,
            tag=tag.pk,
            statement=first[10].get_absolute_url(),
        )
        for name, url in (PUBLIC | ADMIN).items()
    }
    return urls, lambda count: add_statements(count, actor, place, tag)


def test_no_page_asks_more_queries_of_a_larger_archive(client, archive):
    urls, add = archive
    client.force_login(User.objects.create_superuser("admin", password="pw"))
    before = {name: queries(client, url) for name, url in urls.items()}
    add(175)
    after = {name: queries(client, url) for name, url in urls.items()}
    assert after == before


# Tables with a row (or several) per statement.
STATEMENT_TABLES = {
    "statements_statement",
    "statements_statement_actors",
    "statements_statement_places",
    "statements_statement_tags",
    "statements_signatureband",
    "statements_historicalstatement",
    "statements_receipt",
}


def reads_every_statement(plan: list[str]) -> bool:
    """Whether a query plan reads a whole statements table, or sorts a range of
    statements (a sort reads every row it sorts; a LIMIT comes after it).

    Rows found by a statement's id, one statement's links, are not a range.
    """
    scans = {step.split()[1] for step in plan if step.startswith("SCAN")}
    ranges = [
        step
        for step in plan
        if step.startswith("SEARCH")
        and step.split()[1] in STATEMENT_TABLES
        and not re.search(r"\((rowid|statement_id)=\?\)", step)
    ]
    sorts = any(step.startswith("USE TEMP B-TREE") for step in plan)
    return bool(scans & STATEMENT_TABLES) or (sorts and bool(ranges))


def sqlite_plan(cursor, sql: str) -> list[str]:
    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
    return [row[-1] for row in cursor.fetchall()]


PLANS = {
    "sqlite": (sqlite_plan, reads_every_statement),
    "postgresql": (
        postgresql_plans.plan,
        lambda nodes: postgresql_plans.reads_every_statement(nodes, STATEMENT_TABLES),
    ),
}


def full_scans(captured) -> list[str]:
    """The queries the database answers by reading every statement (see above;
    PostgreSQL's plans: tests/postgresql_plans.py)."""
    plan_of, reads_every = PLANS[connection.vendor]
    found = []
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plan = plan_of(cursor, sql)
            if reads_every(plan):
                found.append(f"{sql[:200]} -> {plan}")
    return found


@pytest.mark.skipif(
    connection.vendor not in PLANS, reason="reads SQLite's and PostgreSQL's plans"
)
def test_no_public_page_reads_every_statement(client, archive):
    urls, _add = archive
    for name, url in urls.items():
        if name in ADMIN:
            continue
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url, follow=True)
        assert full_scans(captured.captured_queries) == [], name


@pytest.mark.skipif(
    connection.vendor not in PLANS, reason="reads SQLite's and PostgreSQL's plans"
)
def test_reading_every_statement_or_sorting_a_range_of_them_is_caught():
    """The check above, checked: on either database it names a query that
    reads the whole table and one that sorts a range, not one read by id."""
    make_statement("بيان")
    whole = Statement.objects.filter(title__contains="بيان")
    sorted_range = Statement.objects.filter(status="published").order_by("title")
    by_id = Statement.objects.filter(pk__in=[1, 2])
    for queryset, caught in ((whole, True), (sorted_range[:5], True), (by_id, False)):
        with CaptureQueriesContext(connection) as captured:
            list(queryset)
        assert bool(full_scans(captured.captured_queries)) is caught, queryset.query
