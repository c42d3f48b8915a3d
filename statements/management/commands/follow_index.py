"""``manage.py follow_index``: keep this node's search index following the database.

A long-running process, one per node beside its web server (a systemd unit):
it applies new index log entries every ``ARCHIVE_INDEX_POLL_SECONDS``,
compacts the log, and stops cleanly on SIGTERM or SIGINT once the batch it
is applying is written. ``--once`` applies what is there and exits;
``--forget NAME`` removes a node that is gone for good, so that the log is
compacted without waiting for it.
"""

import logging
import signal

from django.core.management.base import BaseCommand, CommandError

from statements.indexing.follower import Follower
from statements.indexing.outbox import DRAIN_BATCH
from statements.models import IndexNode


class Command(BaseCommand):
    help = "Apply the index log to this node's search index, continuously."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="apply what waits, then exit"
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=DRAIN_BATCH,
            metavar="N",
            help=f"entries applied per index commit (default: {DRAIN_BATCH})",
        )
        parser.add_argument(
            "--forget",
            metavar="NAME",
            help="remove the node NAME from the log's nodes (a node gone for good)",
        )

    def handle(self, *args, **options):
        if options["forget"]:
            self.forget(options["forget"])
            return
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        self.log_to_stdout(options["verbosity"])
        follower = Follower(batch=options["batch"])
        if options["once"]:
            follower.start()
            follower.step()
            return
        signal.signal(signal.SIGTERM, follower.stop)
        signal.signal(signal.SIGINT, follower.stop)
        follower.run()

    def forget(self, name: str) -> None:
        deleted, _ = IndexNode.objects.filter(name=name).delete()
        if not deleted:
            names = ", ".join(IndexNode.objects.values_list("name", flat=True))
            raise CommandError(f"No index node is named {name!r} (nodes: {names}).")
        self.stdout.write(self.style.SUCCESS(f"Forgot the index node {name}."))

    def log_to_stdout(self, verbosity: int) -> None:
        """What the follower does, one line each, on this command's output."""
        handler = logging.StreamHandler(self.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        indexing = logging.getLogger("statements.indexing")
        indexing.addHandler(handler)
        indexing.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
