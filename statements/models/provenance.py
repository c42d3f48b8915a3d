"""Receipts: when and how each statement's original bytes reached the archive.

A receipt is written by the import for every statement it creates, changes or
gives its original to (``statements.ingest.receipts``), and when a statement
is typed in the admin (``statements.ingest.originals.entered_statement_saved``).
Together with the history of edits they make the statement's public custody
record (``statements.curation.custody``).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Receipt(models.Model):
    """One arrival of a statement's original: which file, which record, which
    importer. ``sha256`` is the hash of the bytes received, the statement's
    own at the time (a later re-import with other bytes writes another)."""

    class Via(models.TextChoices):
        COMMAND = "command", _("imported with manage.py import_statements")
        UPLOAD = "upload", _("uploaded in the admin")
        ADMIN = "admin", _("typed in the admin")

    statement = models.ForeignKey(
        "Statement",
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    sha256 = models.CharField(
        _("SHA-256 of the original"), max_length=64, db_index=True
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    via = models.CharField(_("received by"), max_length=10, choices=Via.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    # The file's format (".txt", ".jsonl", ".json", ".csv"); empty when typed.
    format = models.CharField(_("format"), max_length=10, blank=True)
    # The encoding of the original bytes (a .txt file's own; UTF-8 otherwise),
    # declared when they are served.
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    line = models.PositiveIntegerField(_("line or record"), null=True, blank=True)
    # The title as received: a JSON, CSV or sidecar title is not in the bytes
    # the SHA-256 is taken of, and a curator may correct it later.
    title = models.CharField(_("title as received"), max_length=1000, blank=True)
    importer_version = models.CharField(_("importer version"), max_length=50)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.received_at:%Y-%m-%d %H:%M} {self.via}"
