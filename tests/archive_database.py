"""A database of its own for an archive that other processes set up and use.

The subprocess tests (tests/test_concurrency.py, tests/test_gazetteer.py)
build an archive through real ``manage.py`` processes, from ``migrate`` on.
pytest's own test database cannot serve them: on SQLite it lives in memory,
where other processes cannot see it, and on PostgreSQL a test's transaction
hides its rows from them. So each such archive gets a database of its own:

- SQLite (no ``DATABASE_URL``): ``db.sqlite3`` in the archive's data folder,
  the settings' default;
- PostgreSQL: a new database on the test run's server, named after the test
  database (``test_archive_1a2b3c4d``), given to the processes as their
  ``DATABASE_URL`` and dropped at the end. The developer's own database is
  never touched.

The test reads it back with ``rows(sql)``, the same SQL on both::

    with archive_database(tmp_path) as archive:
        subprocess.run([...], env={**os.environ, **archive.environment()})
        archive.rows("SELECT count(*) FROM statements_statement")
"""

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection


class ArchiveDatabase:
    """The database of the archive in ``folder``, for the processes and the test."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.vendor = connection.vendor
        self.name = None
        if self.vendor == "postgresql":
            self.name = f"{server_name()}_{secrets.token_hex(4)}"
            _administer(f'CREATE DATABASE "{self.name}"')

    def environment(self) -> dict[str, str]:
        """What a process of this archive needs besides ``os.environ``."""
        env = {"ARCHIVE_DATA_DIR": str(self.folder)}
        if self.name:
            env["DATABASE_URL"] = url(self.name)
        return env

    def rows(self, sql: str) -> list[tuple]:
        """The rows of a query, read outside any test transaction."""
        if self.name is None:
            with sqlite3.connect(self.folder / "db.sqlite3") as db:
                return db.execute(sql).fetchall()
        import psycopg  # the postgres extra: only there when PostgreSQL runs

        with psycopg.connect(url(self.name)) as db:
            return db.execute(sql).fetchall()

    def drop(self) -> None:
        if self.name:
            # FORCE: a process killed by a failing test may still hold a session.
            _administer(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@contextmanager
def archive_database(folder: Path) -> Iterator[ArchiveDatabase]:
    """A new database for the archive in ``folder``, dropped on leaving."""
    made = ArchiveDatabase(folder)
    try:
        yield made
    finally:
        made.drop()


def server_name() -> str:
    """A name of the test run's: its test database's, which pytest-django gives
    (``test_archive``) once a test has used the database, else the same made
    from the configured one."""
    name = connection.settings_dict["NAME"]
    return name if name.startswith("test_") else f"test_{name}"


def url(name: str) -> str:
    """A ``DATABASE_URL`` for database ``name`` on the test run's server."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{credentials}{s['HOST'] or ''}{port}/{name}"


def _administer(sql: str) -> None:
    """CREATE or DROP DATABASE: outside a transaction, so on a connection of
    its own (the test's may be inside one)."""
    import psycopg

    with psycopg.connect(url(connection.settings_dict["NAME"]), autocommit=True) as db:
        db.execute(sql)
