"""The index log that every node's search index follows, and each node's place in it.

A change appends ``IndexTask`` entries (one per statement whose search
document it alters) in its own transaction; each web node keeps its own
Whoosh index and an ``IndexNode`` row saying how far that index has applied
the log. ``statements.indexing.log`` explains positions, gaps and compaction.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexTask(models.Model):
    """An entry of the index log: a statement whose search document may have changed.

    Written in the same transaction as the change (``statements.indexing.signals``);
    its id is its place in the log. Every node applies it to its own index,
    and it is removed once every node has (or after the retention period).
    A plain integer rather than a foreign key: a deleted statement needs its
    entry too, to leave the indexes.
    """

    statement_id = models.BigIntegerField(_("statement"))
    # Stamped when the change's transaction writes it, not when it commits.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("index log entry")
        verbose_name_plural = _("index log entries")

    def __str__(self) -> str:
        return f"{self.pk}: index statement {self.statement_id}"


class IndexNode(models.Model):
    """A web node's search index, and how far it has applied the index log.

    Every entry with an id up to ``position`` is in this node's index (or was
    given up as rolled back); ``high_water`` is the largest id applied, and
    ``gaps`` the ids between the two not seen yet, as ``[first, last,
    first_missed]`` ranges (``first_missed`` in seconds since the epoch).
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    position = models.BigIntegerField(_("applied up to"), default=0)
    high_water = models.BigIntegerField(_("largest entry applied"), default=0)
    gaps = models.JSONField(_("entries not seen yet"), default=list, blank=True)
    needs_rebuild = models.BooleanField(_("needs a rebuild"), default=False)
    rebuild_reason = models.CharField(
        _("why it was rebuilt"), max_length=300, blank=True
    )
    rebuilt_at = models.DateTimeField(_("rebuilt"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("index node")
        verbose_name_plural = _("index nodes")

    def __str__(self) -> str:
        return f"{self.name} at {self.position}"
