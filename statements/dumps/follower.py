"""The dumps follow the archive: the loop of ``manage.py follow_dumps``.

    refresh_dumps()        # one look: Outcome.WRITTEN, or why not
    follower = DumpFollower()
    signal.signal(signal.SIGTERM, follower.stop)
    follower.run()         # a look every minute, until stop()

The dumps at /data/ are written again when the public change log
(``models/changes.py``: a publication, an edit, a retraction, a removal, by
the admin, an upload or an import) has moved since the dump was written,
at most once every ``ARCHIVE_DUMPS_INTERVAL_SECONDS`` (an hour; 0: only
``export_dumps`` and ``import_statements`` write them), by one writer at a
time (``published.writer_lock``: a look that finds it taken leaves the work
to its holder). Without a dump yet, the first look writes one.

Why a loop of its own rather than a step of ``follow_index``: the index
follower belongs to ``indexing/``, below ``dumps/`` in the import layers
(pyproject.toml), and a dump of the corpus takes 20 to 60 s, during which
that node's index would stop following.

Which changes the dump may lack: those stamped after it was read from
(``newer_changes``, what /data/ shows), and, for the decision to write
again, those stamped up to ``ARCHIVE_CHANGES_SETTLE_SECONDS`` before: a
change is stamped when its transaction writes it and committed a little
later, so the dump may not have seen it. A dump is then written once more
than needed now and then, never once too few.
"""

import datetime
import enum
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from ..models import PublicChange
from .published import Dump, current_dump, write_dumps, writer_lock

# How often the loop looks; less when the interval is shorter.
POLL_SECONDS = 60
# /data/ counts the newer changes up to this, then says "more than": the count
# reads a range of the change log's changed_at index, never the whole log.
COUNTED_AT_MOST = 1000

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    WRITTEN = "the dumps were written"
    CURRENT = "no public change since the dumps were written"
    TOO_SOON = "public changes wait: the dumps are younger than the interval"
    BUSY = "another process is writing the dumps"
    OFF = "ARCHIVE_DUMPS_INTERVAL_SECONDS is 0: only export_dumps writes them"


def newer_changes(dump: Dump, limit: int = COUNTED_AT_MOST) -> int:
    """How many statements' public record changed after the dump was read
    from: at most ``limit`` + 1 counted (one query, bounded)."""
    newer = PublicChange.objects.filter(changed_at__gt=dump.created)
    return newer.order_by()[: limit + 1].count()


def unsettled_changes(dump: Dump) -> bool:
    """Whether a change the dump may lack exists: newer than the dump, or
    stamped so shortly before it that its transaction may have been open."""
    margin = getattr(settings, "ARCHIVE_CHANGES_SETTLE_SECONDS", 5)
    since = dump.created - datetime.timedelta(seconds=margin)
    return PublicChange.objects.filter(changed_at__gt=since).exists()


def reason_to_wait(dump: Dump | None) -> Outcome | None:
    """Why the dumps need not be written now; None when they should be."""
    interval = settings.ARCHIVE_DUMPS_INTERVAL_SECONDS
    if dump is None:
        return None
    if not unsettled_changes(dump):
        return Outcome.CURRENT
    if timezone.now() - dump.created < datetime.timedelta(seconds=interval):
        return Outcome.TOO_SOON
    return None


def refresh_dumps() -> Outcome:
    """One look: write the dumps if the archive moved on and the interval is
    past, unless another process is writing them."""
    if settings.ARCHIVE_DUMPS_INTERVAL_SECONDS <= 0:
        return Outcome.OFF
    with writer_lock(blocking=False) as held:
        if not held:
            return Outcome.BUSY
        # Read under the lock: a writer that just let go has written a dump.
        waiting = reason_to_wait(current_dump())
        if waiting is not None:
            return waiting
        dump = write_dumps()
    logger.info("public dumps written: %d statements", dump.statements)
    return Outcome.WRITTEN


class DumpFollower:
    def __init__(self, poll: float | None = None):
        interval = settings.ARCHIVE_DUMPS_INTERVAL_SECONDS
        if poll is None:
            poll = min(POLL_SECONDS, interval) if interval > 0 else POLL_SECONDS
        self.poll = poll
        self.stopping = threading.Event()

    def stop(self, *args) -> None:
        """Stop after the dump being written (usable as a signal handler)."""
        self.stopping.set()

    def run(self) -> None:
        logger.info(
            "the dumps follow the change log, written at most every %d s",
            settings.ARCHIVE_DUMPS_INTERVAL_SECONDS,
        )
        while not self.stopping.is_set():
            self.step()
            self.stopping.wait(self.poll)
        logger.info("dumps follower stopped")

    def step(self) -> Outcome | None:
        """One look; None when the database or the disk failed (reported, and
        tried again at the next look)."""
        outcome = None
        try:
            outcome = refresh_dumps()
        except (DatabaseError, OSError):
            logger.exception("the public dumps could not be written; trying again")
        # A long-lived process: drop connections the database has closed.
        close_old_connections()
        return outcome
