"""Small factories for tests: data made in the test, not in opaque fixtures."""

import datetime
import itertools

from statements.models import Actor, ActorAlias, Place, Statement, StatementType, Tag

_counter = itertools.count(1)


def make_actor(name_ar: str = "", name_en: str = "", aliases=(), **fields) -> Actor:
    actor = Actor.objects.create(name_ar=name_ar, name_en=name_en, **fields)
    for alias in {name_ar, name_en, *aliases} - {""}:
        ActorAlias.objects.create(actor=actor, name=alias)
    return actor


def make_statement(body: str = "نص البيان", **fields) -> Statement:
    n = next(_counter)
    fields.setdefault("title", f"بيان رقم {n}")
    fields.setdefault("status", Statement.Status.PUBLISHED)
    if "type" not in fields:
        fields["type"], _ = StatementType.objects.get_or_create(code="statement")
    return Statement.objects.create(body=body, **fields)


def indexed(*statements: Statement) -> list[Statement]:
    """Send statements to the search index now, as a commit would."""
    from statements.indexing.writer import index_statements

    index_statements([s.pk for s in statements])
    return list(statements)


def small_archive() -> dict:
    """An issuer with aliases, a place, a tag, statements in Arabic and English.

    Not indexed by itself: a test with a transactional database indexes each
    commit, others call ``indexed`` on the statements.
    """
    sdf = make_actor("قوات سوريا الديمقراطية", "Syrian Democratic Forces", ["قسد"])
    un = make_actor("الأمم المتحدة", "United Nations")
    raqqa = Place.objects.create(name_ar="الرقة", name_en="Raqqa")
    tag = Tag.objects.create(name="سجون")
    prisons = make_statement(
        "تواصل قوّاتُنا حماية سجونِ الشمال في الرقة.\nوتؤكد القيادة العامة التزامها.",
        title="بيان حول السجون",
        issuer=sdf,
        date_issued=datetime.date(2020, 5, 3),
        date_precision="day",
    )
    prisons.places.add(raqqa)
    prisons.tags.add(tag)
    ceasefire = make_statement(
        "The United Nations calls on all forces to hold the ceasefire in Raqqa.",
        title="UN call for a ceasefire",
        issuer=un,
        language="en",
        date_issued=datetime.date(2020, 6, 1),
        date_precision="month",
    )
    truce = make_statement(
        "أعلنت قوات سوريا الديمقراطية التزامها بوقف إطلاق النار.",
        title="التزام بوقف إطلاق النار",
        issuer=sdf,
        date_issued=datetime.date(2021, 1, 9),
        date_precision="day",
    )
    return {
        "sdf": sdf,
        "un": un,
        "raqqa": raqqa,
        "tag": tag,
        "prisons": prisons,
        "ceasefire": ceasefire,
        "truce": truce,
    }


def make_user(username: str, role: str = "", **fields):
    """A staff user in one of the curators' groups (editors, reviewers,
    administrators), made by the roles migration; ``role=""`` for none."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pw", is_staff=True, **fields)
    if role:
        if not Group.objects.filter(name=role).exists():
            _make_roles()  # a transactional test before this one flushed them
        user.groups.add(Group.objects.get(name=role))
    return user


def _make_roles() -> None:
    from importlib import import_module

    from django.apps import apps

    import_module("statements.migrations.0005_curation_roles").add_roles(apps, None)


def last_entry_id() -> int:
    """The last index log id handed out (in a test nothing else is writing)."""
    from django.db import connection

    from statements.indexing import log

    if connection.vendor != "postgresql":
        return log.committed_sequence()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(pg_sequence_last_value("
            "pg_get_serial_sequence('statements_indextask', 'id')::regclass), 0)"
        )
        return cursor.fetchone()[0]


def following_the_log() -> None:
    """This node follows the index log from here on, as after building its index:
    its next drain applies entries rather than building the index (a new node's).
    From the last id handed out: ids before it, compacted or left by an earlier
    test, are not awaited as gaps."""
    from statements.indexing import log
    from statements.indexing.log import Position

    start = log.start_position()
    high_water = max(start.high_water, last_entry_id())
    log.register(Position(high_water, start.gaps), "built by the test")
