"""The words of each statement, indexed for the admin's search.

On SQLite an FTS5 table over ``statements_statementwords`` (external content:
the stems are stored once, in that table), kept in step by triggers on it;
``detail=none`` keeps only which statements hold a stem (no positions: the
search needs membership only), ``columnsize=0`` no lengths (no ranking), and
the ``ascii`` tokenizer cuts only at ASCII punctuation and spaces, so each
stem is one token. On PostgreSQL a GIN index over the stems' tsvector. The
words of statements archived before are filled by ``manage.py
backfill_signatures``.
"""

import django.db.models.deletion
from django.db import migrations, models

FTS = "statements_statementwords_fts"
WORDS = "statements_statementwords"

SQLITE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        stems, content='{WORDS}', content_rowid='statement_id',
        detail=none, columnsize=0, tokenize='ascii'
    )""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {WORDS} BEGIN
        INSERT INTO {FTS}(rowid, stems) VALUES (new.statement_id, new.stems);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {WORDS} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, stems)
        VALUES ('delete', old.statement_id, old.stems);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {WORDS} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, stems)
        VALUES ('delete', old.statement_id, old.stems);
        INSERT INTO {FTS}(rowid, stems) VALUES (new.statement_id, new.stems);
    END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {FTS}_update",
    f"DROP TRIGGER {FTS}_delete",
    f"DROP TRIGGER {FTS}_insert",
    f"DROP TABLE {FTS}",
]
POSTGRESQL = [
    f"CREATE INDEX {WORDS}_stems_gin ON {WORDS} "
    "USING gin (to_tsvector('simple', stems))"
]
POSTGRESQL_REVERSE = [f"DROP INDEX {WORDS}_stems_gin"]


class VendorSQL(migrations.RunSQL):
    """RunSQL on one database vendor only: FTS5 is SQLite's, GIN PostgreSQL's."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            if self.vendor == "sqlite":
                check_fts5(schema_editor.connection)
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def check_fts5(connection):
    """Stop with what to do when this SQLite was built without FTS5."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        options = {row[0] for row in cursor.fetchall()}
    if "ENABLE_FTS5" not in options:
        raise RuntimeError(
            "This Python's SQLite was built without FTS5, which the admin's "
            "search needs: use a Python whose sqlite3 module has it (python.org "
            "and Debian builds do), or PostgreSQL (DATABASE_URL)."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0006_statement_status_date"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatementWords",
            fields=[
                (
                    "statement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="words",
                        serialize=False,
                        to="statements.statement",
                        verbose_name="statement",
                    ),
                ),
                ("stems", models.TextField(verbose_name="stems")),
            ],
            options={
                "verbose_name": "words of a statement",
                "verbose_name_plural": "words of statements",
            },
        ),
        VendorSQL("sqlite", SQLITE, SQLITE_REVERSE),
        VendorSQL("postgresql", POSTGRESQL, POSTGRESQL_REVERSE),
    ]
