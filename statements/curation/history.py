"""The history of statements (django-simple-history) where saves come in bulk.

A save records who, when and every field (the relations to tags, places and
actors too). Imports insert statements with ``bulk_create``, which sends no
signal, so ``record_creations`` writes their first history rows in bulk as
well: the imported version stays restorable after a curator's edits.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps

from ..models import CHUNK, RELATIONS, Statement, statement_history


@contextmanager
def history_paused(statement: Statement) -> Iterator[None]:
    """Within this block, changes to ``statement`` (its relations too) make no
    history row: the save after it records them all in one."""
    statement.skip_history_when_saving = True
    try:
        yield
    finally:
        del statement.skip_history_when_saving


def save_with_history(statement: Statement, user, reason: str, **kwargs) -> None:
    """Save, recording ``user`` and ``reason`` in the history row."""
    if user is not None:
        statement._history_user = user
    statement._change_reason = reason
    statement.save(**kwargs)


def record_history(statement: Statement, created: bool, user, reason: str) -> None:
    """One history row for the statement as it is now, relations included.

    For saves made inside ``history_paused``: the admin saves the fields, then
    the relations, and records the whole edit here, once.
    """
    statement._history_user = user
    statement._change_reason = reason
    statement_history.create_historical_record(statement, "+" if created else "~")


def record_creations(statements: list[Statement], user, reason: str) -> None:
    """First history rows of statements inserted in bulk, with their relations."""
    if not statements:
        return
    rows = Statement.history.bulk_history_create(
        statements, batch_size=CHUNK, default_user=user, default_change_reason=reason
    )
    history_of = {row.id: row.pk for row in rows}
    for name in RELATIONS:
        model = apps.get_model("statements", f"HistoricalStatement_{name}")
        through = getattr(Statement, name).through
        column = through._meta.get_field(name[:-1]).attname
        pks = list(history_of)
        # A history link row copies the link row, its id included.
        links = [
            model(
                id=pk, statement_id=sid, history_id=history_of[sid], **{column: other}
            )
            for start in range(0, len(pks), CHUNK)
            for pk, sid, other in through.objects.filter(
                statement_id__in=pks[start : start + CHUNK]
            ).values_list("pk", "statement_id", column)
        ]
        model.objects.bulk_create(links, batch_size=CHUNK)
