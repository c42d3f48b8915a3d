"""The history of statements (django-simple-history): whole edits, and baselines.

A save records who, when and every field (the relations to tags, places and
actors too). Imports insert statements with ``bulk_create`` and write no
history: a copy of every imported text would nearly double the database
(138 MiB of the corpus's 365, with relations and indexes). Instead, before
the first change of a statement that has no history row yet, its stored
version (fields and relations, as in the database) is recorded as its "+"
row, dated and signed as its creation: the imported version stays visible
and restorable after a curator's edits.
``baseline_before_save`` and ``baseline_before_relations`` do it for every
save and every change of relations (connected in ``StatementsConfig.ready``),
whichever code makes them.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..models import CHUNK, Statement, statement_history

# The change reason of a baseline row (simple-history keeps 100 characters).
BASELINE_REASON = "as stored before its first recorded change"
# m2m_changed actions sent before the links change.
BEFORE_LINKS_CHANGE = ("pre_add", "pre_remove", "pre_clear")


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


def record_baselines(pks: Iterable[int]) -> None:
    """For each of these statements that has no history row yet, its stored
    version as its "+" row, dated and signed as its creation (``created_at``,
    ``created_by``), with its tags, places and actors as the database has them."""
    pks = sorted(set(pks))
    for start in range(0, len(pks), CHUNK):
        _record_baselines(pks[start : start + CHUNK])


def _record_baselines(pks: list[int]) -> None:
    recorded = set(Statement.history.filter(id__in=pks).values_list("id", flat=True))
    unrecorded = Statement.objects.filter(pk__in=set(pks) - recorded)
    for stored in unrecorded.select_related("created_by"):
        stored._history_date = stored.created_at
        stored._history_user = stored.created_by
        stored._change_reason = BASELINE_REASON
        statement_history.create_historical_record(stored, "+")


def baseline_before_save(sender, instance: Statement, raw=False, **kwargs) -> None:
    """pre_save of a statement: the baseline of one about to change (not for
    new statements, nor fixtures)."""
    if not raw and not instance._state.adding and instance.pk is not None:
        record_baselines([instance.pk])


def baseline_before_relations(
    sender, instance, action, reverse, pk_set, **kwargs
) -> None:
    """m2m_changed of a statement's tags, places or actors, before the links
    change: the baselines of the statements about to change. From the other
    side (``tag.statements.add(...)``) those are ``pk_set``, or for a clear
    every statement linked now."""
    if action not in BEFORE_LINKS_CHANGE:
        return
    if not reverse:
        record_baselines([instance.pk])
    elif pk_set is not None:
        record_baselines(pk_set)
    else:
        record_baselines(linked_statements(sender, instance))


def linked_statements(through, other) -> list[int]:
    """The statements linked to ``other`` (a tag, place or actor) in ``through``."""
    field = next(f for f in through._meta.fields if f.related_model is type(other))
    links = through.objects.filter(**{field.name: other})
    return list(links.values_list("statement_id", flat=True))
