"""``manage.py ensure_index``: apply what waits in the index log, and rebuild this
node's index when it has none yet (a new node), misses published statements,
was built with other fields than the code now defines, or written by code
whose analyzers have moved."""

from django.core.management.base import BaseCommand

from statements.indexing import drain_held, index_lock, log, rebuild_index
from statements.models import Statement
from statements.search.backend import document_count, schema_problem


class Command(BaseCommand):
    help = (
        "Index what waits in the outbox; rebuild the search index from the database "
        "if its size differs from the published count or its fields from the code's."
    )

    def handle(self, *args, **options):
        problem = schema_problem() or log.rebuild_needed().capitalize()
        if not problem:
            # Tasks a stopped process left behind; with another schema a
            # rebuild below does them all.
            with index_lock():
                drained = drain_held()
            if drained:
                self.stdout.write(f"Indexed {drained} waiting index log entries.")
        published = Statement.objects.published().count()
        indexed = document_count()
        if indexed == published and not problem:
            self.stdout.write(f"The index holds all {published} published statements.")
            return
        if problem:
            self.stdout.write(f"{problem}: rebuilding.")
        else:
            self.stdout.write(
                f"The index holds {indexed} documents for {published} "
                "published statements: rebuilding."
            )
        rebuild_index(reason=problem or "rebuilt: documents missing or extra")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt: {document_count()} documents."))
