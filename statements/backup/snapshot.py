"""A consistent read of the whole database while the site keeps writing.

Why Django's serialization (JSON Lines, natural keys for users, groups,
permissions and content types) rather than a copy of the database file or
``pg_dump``: a backup must restore into another engine too (an archive that
grew out of SQLite moves to PostgreSQL through its backup), and these are
the rows as Django reads and writes them, whatever the engine.

Why the snapshot differs by engine:

- SQLite: one deferred read transaction. In WAL mode (settings/base.py) a
  reader sees the database as of its first read while writers go on; the
  WAL file cannot be checkpointed past that point until the dump ends, so
  it grows by what is written meanwhile (about a minute for the corpus).
  SQLite's online backup API would give a copy of the file, but only for
  SQLite: these rows restore into PostgreSQL too.
- PostgreSQL (and any other engine): one ``REPEATABLE READ, READ ONLY``
  transaction: every table is read as of its first query, and writers are
  never blocked.

Rows that are not the archive's state are left out: content types and
permissions (``migrate`` makes them; links to them are written by natural
key), sessions, and the index tasks (the restore rebuilds the index).
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "statements.indextask",
    # Where each node's index stands in the log: the restored deployment's
    # nodes build their own (restore rebuilds this node's index).
    "statements.indexnode",
}
ITERATOR_CHUNK = 2000


def saved_models() -> list:
    """Every model a backup holds, each after those its natural keys need."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in LEFT_OUT
        and model._meta.managed
        and not model._meta.proxy
    ]


@contextmanager
def consistent_snapshot() -> Iterator[str]:
    """The alias of a connection that sees the database as of one moment."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        raise RuntimeError(
            "a backup reads in a transaction of its own: call it outside one"
        )
    if connection.vendor == "sqlite":
        with sqlite_read_transaction(connection) as alias:
            yield alias
        return
    with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
        # The transaction's first statement, before any read fixes its snapshot.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield DEFAULT_DB_ALIAS


@contextmanager
def sqlite_read_transaction(connection) -> Iterator[str]:
    """One deferred (read) transaction on the default connection.

    Django's SQLite connections begin IMMEDIATE transactions (a write lock,
    settings/base.py); in autocommit mode the sqlite3 module leaves BEGIN to
    us, and a deferred one takes no write lock.
    """
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        # The snapshot starts at the first read, not at BEGIN.
        cursor.execute("SELECT count(*) FROM sqlite_master")
    try:
        yield DEFAULT_DB_ALIAS
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds (ECMA-262),
    and a restored history or change log would then differ from the original."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return (
                text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
            )
        return super().default(o)


class Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def write_rows(alias: str, stream) -> dict[str, int]:
    """Every saved model's rows, in primary key order, as JSON Lines; their counts."""
    counts = {}
    for model in saved_models():
        rows = model._base_manager.using(alias).order_by(model._meta.pk.name)
        counted = Counted(rows.iterator(chunk_size=ITERATOR_CHUNK))
        serializers.serialize(
            "jsonl",
            counted,
            stream=stream,
            use_natural_foreign_keys=True,
            cls=ExactEncoder,
        )
        counts[model._meta.label_lower] = counted.count
    return counts


def applied_migrations(alias: str) -> dict[str, list[str]]:
    """The migrations applied to this database, by app."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied
