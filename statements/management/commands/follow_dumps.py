"""``manage.py follow_dumps``: keep the public dumps of /data/ following the archive.

A long-running process beside the web server (``make serve`` starts it with
gunicorn; or a systemd unit, docs/deploy.md): every minute it looks whether
public changes were recorded since the dump was written, and writes the
dumps again when so, at most once every ``ARCHIVE_DUMPS_INTERVAL_SECONDS``
and one writer at a time (``statements/dumps/follower.py``). It stops on
SIGTERM or SIGINT once the dump it may be writing is written. ``--once``
looks once, says what it did, and exits.
"""

import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from statements.dumps import DumpFollower, Outcome, refresh_dumps


class Command(BaseCommand):
    help = (
        "Write the public dumps of /data/ again when public changes were "
        "recorded since they were written, at most once every "
        "ARCHIVE_DUMPS_INTERVAL_SECONDS, continuously."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="look once, then exit")

    def handle(self, *args, **options):
        if settings.ARCHIVE_DUMPS_INTERVAL_SECONDS <= 0:
            # Said, not an error: `make serve` starts this whatever the setting.
            self.stdout.write(f"Nothing to follow: {Outcome.OFF}.")
            return
        if options["once"]:
            self.look_once()
            return
        follower = DumpFollower()
        self.log_to_stdout()
        signal.signal(signal.SIGTERM, follower.stop)
        signal.signal(signal.SIGINT, follower.stop)
        follower.run()

    def look_once(self) -> None:
        try:
            outcome = refresh_dumps()
        except OSError as exc:
            raise CommandError(f"Cannot write {exc.filename}: {exc.strerror}") from exc
        self.stdout.write(f"{outcome}.")

    def log_to_stdout(self) -> None:
        """What the follower does, one line each, on this command's output."""
        handler = logging.StreamHandler(self.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        dumps = logging.getLogger("statements.dumps")
        dumps.addHandler(handler)
        dumps.setLevel(logging.INFO)
