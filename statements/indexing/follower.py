"""This node's index follows the log by itself: the loop of ``manage.py follow_index``.

    follower = Follower()
    signal.signal(signal.SIGTERM, follower.stop)
    follower.run()      # until stop(): the batch being applied is finished first

Every ``ARCHIVE_INDEX_POLL_SECONDS`` (0.5 s) it does what the drain after a
commit does (``outbox.drain_outbox``): it applies the entries this node has
not applied, unless another process of this node holds the index lock (that
holder applies them when it lets go). So a change committed on any node
reaches every node's index within a second or so, with no request needed.
Every ``UPKEEP_SECONDS`` it compacts the log (``log.compact``) and says it is
alive (``IndexNode.last_seen``). It starts by building the index from the
database if this node has none yet, or fell behind the log's retention.

A database that stops answering is reported and tried again at the next
poll: a follower outlives a database restart.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections

from . import log
from .outbox import DRAIN_BATCH, drain_outbox, start_following

# Compaction and the heartbeat are not needed every half second.
UPKEEP_SECONDS = 10

logger = logging.getLogger(__name__)


class Follower:
    def __init__(self, poll: float | None = None, batch: int = DRAIN_BATCH):
        self.poll = settings.ARCHIVE_INDEX_POLL_SECONDS if poll is None else poll
        self.batch = batch
        self.stopping = threading.Event()
        self.upkept = 0.0

    def stop(self, *args) -> None:
        """Stop after the batch being applied (usable as a signal handler)."""
        self.stopping.set()

    def start(self) -> None:
        """Wait for this node's index lock, and build the index if the node needs it."""
        node = start_following()
        logger.info(
            "index node %s follows the log from entry %d", node.name, node.position
        )

    def run(self) -> None:
        self.start()
        while not self.stopping.is_set():
            self.step()
            self.stopping.wait(self.poll)
        logger.info("index node %s: follower stopped", log.node_name())

    def step(self) -> int:
        """One look at the log; returns how many entries were applied."""
        applied = 0
        try:
            applied = drain_outbox(batch=self.batch)
            if time.monotonic() - self.upkept >= UPKEEP_SECONDS:
                removed = log.compact()
                log.touch()
                self.upkept = time.monotonic()
                if removed:
                    logger.info("compacted the index log: %d entries removed", removed)
        except DatabaseError:
            logger.exception("the database did not answer; trying again")
        # A long-lived process: drop connections the database has closed, or
        # that outlived CONN_MAX_AGE, as a request's end would.
        close_old_connections()
        return applied
