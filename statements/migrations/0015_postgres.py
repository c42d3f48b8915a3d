"""PostgreSQL only: an index on (status, id) of the statements.

SQLite keeps every index's rows in rowid order within each key, so its index
on ``status`` reads the published statements newest first (the home page,
``public().order_by("-id")[:8]``) without sorting them. A PostgreSQL b-tree
on ``status`` alone does not: it would sort every published statement to
take eight. This index gives PostgreSQL what SQLite's has implicitly
(tests/test_page_costs.py checks both databases' plans).
"""

from django.db import migrations

INDEX = "statements_statement_status_id"


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL on PostgreSQL only: SQLite has this index already, as its rowid."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0014_index_log"),
    ]

    operations = [
        PostgreSQLOnly(
            f"CREATE INDEX {INDEX} ON statements_statement (status, id)",
            f"DROP INDEX {INDEX}",
        ),
    ]
