"""``manage.py check_index [--fix]``: compare the search index with the database.

Reports published statements missing from the index, documents of statements
that are not published, stale documents and duplicated ones; exits non-zero
when there are any. ``--fix`` drains the waiting index tasks, then re-indexes
or removes every statement that still differs.
"""

from django.core.management.base import BaseCommand, CommandError

from statements.indexing import compare, describe, drain_held, index_lock, repair


class Command(BaseCommand):
    help = (
        "Compare the search index with the database; exit non-zero on differences, "
        "or repair them with --fix."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="drain waiting index tasks and repair every difference",
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
        with index_lock():
            drained = drain_held()
            found = compare()
            repaired = repair(found)
        self.stdout.write(f"Drained {drained} waiting index tasks.")
        for line in describe(found, show):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Repaired {repaired} statements' documents.")
        )
