"""The public change log: what anyone may read, and when that last changed.

One row per statement that has ever been public, kept for good: its public
state now (published, retracted, or removed from public view — sent back to
review, or deleted) and when that last changed. Mirrors (``/api/v1/changes``)
and harvesters (OAI-PMH's persistent deleted records) read it; a removed
statement stays listed as removed, so they learn of removals.

Written by ``record_changes`` in the transaction of the change itself: the
index outbox (``indexing/outbox.py``) calls it for every statement it is told
changed, so every path that reaches the index (saves, relations, renamed
names, deletions, imports' bulk writes) reaches this log too::

    with transaction.atomic():
        statement.save()   # post_save → enqueue([pk]) → record_changes([pk])

Why one row per statement rather than one per event: a mirror needs the
latest state of what changed since its last visit, not every step between,
and the log then grows with the archive, never with the edits.

A row is stamped when its transaction writes it, not when it commits: a
reader asking "since T" must allow for transactions still open at T, which
``settled_until`` does by listing only rows older than a few seconds.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .statement import CHUNK, Statement


class PublicChangeQuerySet(models.QuerySet):
    def in_order(self):
        """Oldest change first, then by statement: the order cursors follow."""
        return self.order_by("changed_at", "statement_id")

    def after(self, changed_at: datetime.datetime, statement_id: int = 0):
        """Rows after the position (``changed_at``, ``statement_id``) in that order.

        Written as a range on ``changed_at`` less the rows at or before the
        position: with ``changed_at > t OR (changed_at = t AND id > i)``
        SQLite read the whole log (45 ms a page at 315,000 statements).
        """
        return self.filter(changed_at__gte=changed_at).exclude(
            changed_at=changed_at, statement_id__lte=statement_id
        )

    def ids_since(self, moment: datetime.datetime):
        """The ids of the statements whose public record changed after ``moment``
        (a subquery: ``Statement.objects.filter(pk__in=...)``)."""
        return self.filter(changed_at__gt=moment).values("statement_id")

    def settled(self):
        """Rows whose transactions have committed, as far as a reader can tell."""
        return self.filter(changed_at__lte=settled_until())


class PublicChange(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", _("published")
        RETRACTED = "retracted", _("retracted")
        REMOVED = "removed", _("removed from public view")

    # Not a foreign key: the row outlives a deleted statement.
    statement_id = models.BigIntegerField(_("statement"), unique=True)
    state = models.CharField(_("public state"), max_length=10, choices=State.choices)
    changed_at = models.DateTimeField(_("changed"))
    first_public_at = models.DateTimeField(_("first public"))
    # Kept from the statement's last public version, so that a deleted
    # statement stays in its issuer's and type's sets (OAI-PMH).
    issuer_id = models.BigIntegerField(_("issuer"), null=True, blank=True)
    type_id = models.BigIntegerField(_("type"), null=True, blank=True)

    objects = PublicChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")
        indexes = [
            models.Index(fields=["changed_at", "statement_id"], name="change_order"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.state} {self.changed_at:%Y-%m-%dT%H:%M:%S}"

    @property
    def removed(self) -> bool:
        return self.state == self.State.REMOVED


def settled_until() -> datetime.datetime:
    """Now, less the time a change's transaction may stay open after it is
    stamped (``ARCHIVE_CHANGES_SETTLE_SECONDS``)."""
    seconds = getattr(settings, "ARCHIVE_CHANGES_SETTLE_SECONDS", 5)
    return timezone.now() - datetime.timedelta(seconds=seconds)


def record_changes(pks: Iterable[int]) -> None:
    """Log the public state of these statements as it is now, in the current
    transaction; statements never public (drafts) are left out."""
    pks = sorted(set(pks))
    now = timezone.now()
    for start in range(0, len(pks), CHUNK):
        _record(pks[start : start + CHUNK], now)


def _record(pks: list[int], now: datetime.datetime) -> None:
    current = {
        pk: (status, issuer, kind)
        for pk, status, issuer, kind in Statement.objects.filter(
            pk__in=pks
        ).values_list("pk", "status", "issuer_id", "type_id")
    }
    logged = PublicChange.objects.in_bulk(pks, field_name="statement_id")
    new, changed = [], []
    for pk in pks:
        status, issuer, kind = current.get(pk, (None, None, None))
        row = logged.get(pk)
        if status in Statement.PUBLIC_STATUSES:
            if row is None:
                row = PublicChange(statement_id=pk, first_public_at=now)
                new.append(row)
            else:
                changed.append(row)
            row.state, row.issuer_id, row.type_id = status, issuer, kind
        elif row is not None and not row.removed:
            row.state = PublicChange.State.REMOVED
            changed.append(row)
        else:
            continue
        row.changed_at = now
    PublicChange.objects.bulk_create(new, batch_size=CHUNK)
    PublicChange.objects.bulk_update(
        changed, ["state", "changed_at", "issuer_id", "type_id"], batch_size=CHUNK
    )
