"""``manage.py check_index [--fix]``: compare this node's index with the database.

Reports published statements missing from the index, documents of statements
that are not published, stale documents and duplicated ones; exits non-zero
when there are any. ``--fix`` applies the log entries this node has not
applied yet, then re-indexes or removes every statement that still differs.
Each node checks its own index (its ``ARCHIVE_DATA_DIR``) against the one
database.
"""

from django.core.management.base import BaseCommand, CommandError

from statements.indexing import (
    compare,
    describe,
    drain_held,
    index_lock,
    log,
    repair,
)


class Command(BaseCommand):
    help = (
        "Compare the search index with the database; exit non-zero on differences, "
        "or repair them with --fix."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="apply waiting index log entries and repair every difference",
        )
        parser.add_argument(
            "--show",
            type=int,
            default=5,
            metavar="N",
            help="ids to list for each kind of difference (default: 5)",
        )

    def handle(self, *args, **options):
        if options["fix"]:
            self.fix(options["show"])
            return
        found = compare()
        for line in describe(found, options["show"]):
            self.stdout.write(line)
        if found:
            raise CommandError(
                "The index differs from the database: "
                "run `manage.py check_index --fix` to repair it."
            )
        self.stdout.write(self.style.SUCCESS("The index matches the database."))

    def fix(self, show: int) -> None:
        # With the lock held, no other process writes the index meanwhile.
        rebuilt = log.rebuild_needed()
        with index_lock():
            drained = drain_held()
            found = compare()
            repaired = repair(found)
        if rebuilt:
            self.stdout.write(f"The index was built from the database: {rebuilt}.")
        self.stdout.write(f"Applied {drained} waiting index log entries.")
        for line in describe(found, show):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Repaired {repaired} statements' documents.")
        )
