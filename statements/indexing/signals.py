"""Every change that alters a statement's search document writes an index task.

The task is written in the change's own transaction and drained once it
commits (``outbox.py``). Haystack's RealtimeSignalProcessor writes the
index during the save instead: a rolled-back transaction would leave the index
ahead of the database, and a crash after the commit would leave it behind.

Besides the statement itself, the document holds every name of its issuer,
actors and places, and the code of its type; renaming those, or deleting a tag,
place or actor (whose links go without an m2m signal), changes the documents
of their statements. ``QuerySet.update()`` and ``bulk_create()`` send no
signals: their callers enqueue with ``statements.indexing.outbox.enqueue`` themselves.

A save outside ``transaction.atomic()`` commits before its post_save handler
writes the task: a crash in between loses the task (``check_index`` finds the
difference). The admin and the importers save inside a transaction.
"""

from django.db.models import Q, signals
from haystack.signals import BaseSignalProcessor

from ..models import (
    RELATIONS,
    Actor,
    ActorAlias,
    Place,
    PlaceAlias,
    Statement,
    StatementType,
    Tag,
)
from .outbox import enqueue

# The through model of each of a statement's relations, and the relation's name.
THROUGH = {getattr(Statement, name).through: name for name in RELATIONS}


# The fields of these models that statements' documents hold.
INDEXED_FIELDS = {
    Actor: ("name_ar", "name_en"),
    Place: ("name_ar", "name_en"),
    StatementType: ("code",),
}


def statements_of(entity) -> list[int]:
    """The statements whose documents hold this actor, place, tag or type."""
    if isinstance(entity, Actor):
        linked = Q(issuer=entity) | Q(actors=entity)
    elif isinstance(entity, Place):
        linked = Q(places=entity)
    elif isinstance(entity, StatementType):
        linked = Q(type=entity)
    else:
        linked = Q(tags=entity)
    return list(
        Statement.objects.filter(linked).values_list("pk", flat=True).distinct()
    )


def statement_changed(sender, instance, **kwargs):
    enqueue([instance.pk])


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A statement's tags, places or actors changed, from either side."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        enqueue([instance.pk])
    elif reverse and action in {"post_add", "post_remove"}:
        enqueue(pk_set)
    elif reverse and action == "pre_clear":
        # After the clear, nothing says which statements were linked.
        enqueue(
            Statement.objects.filter(**{THROUGH[sender]: instance}).values_list(
                "pk", flat=True
            )
        )


def entity_saving(sender, instance, update_fields=None, **kwargs):
    """Before an actor, place or type is saved: note whether indexed fields change.

    Enqueueing waits for post_save: outside a transaction, pre_save runs
    before the row is written, and a drain then would read the old names.
    """
    fields = INDEXED_FIELDS[sender]
    if update_fields is not None and not set(fields) & set(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    after = tuple(getattr(instance, name) for name in fields)
    instance._indexed_fields_changed = before is not None and before != after


def entity_saved(sender, instance, **kwargs):
    if instance.__dict__.pop("_indexed_fields_changed", False):
        enqueue(statements_of(instance))


def alias_changed(sender, instance, **kwargs):
    """An alias added, renamed or removed: the statements of its actor or place."""
    if isinstance(instance, ActorAlias):
        enqueue(statements_of(Actor(pk=instance.actor_id)))
    else:
        enqueue(statements_of(Place(pk=instance.place_id)))


def entity_deleting(sender, instance, **kwargs):
    """Its links to statements go without an m2m signal: enqueue them now.

    pre_delete runs inside the deletion's transaction, so the tasks commit
    with it.
    """
    enqueue(statements_of(instance))


def receivers():
    """(signal, sender, receiver) for every change that alters documents."""
    yield signals.post_save, Statement, statement_changed
    yield signals.post_delete, Statement, statement_changed
    for through in THROUGH:
        yield signals.m2m_changed, through, relation_changed
    for model in INDEXED_FIELDS:
        yield signals.pre_save, model, entity_saving
        yield signals.post_save, model, entity_saved
    for alias in (ActorAlias, PlaceAlias):
        yield signals.post_save, alias, alias_changed
        yield signals.post_delete, alias, alias_changed
    for model in (Actor, Place, Tag):
        yield signals.pre_delete, model, entity_deleting


class OutboxSignalProcessor(BaseSignalProcessor):
    """Haystack's hook (``HAYSTACK_SIGNAL_PROCESSOR``) for connecting the receivers."""

    def setup(self):
        for signal, sender, receiver in receivers():
            signal.connect(receiver, sender=sender)

    def teardown(self):
        for signal, sender, receiver in receivers():
            signal.disconnect(receiver, sender=sender)
