"""``manage.py ensure_index``: index what waits in the outbox, and rebuild the index
when it misses published statements or was built with other fields than the code
now defines."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from statements.indexing.outbox import drain_held, index_lock
from statements.models import Statement


def index_count() -> int:
    backend = connections["default"].get_backend()
    backend.setup()
    return backend.index.refresh().doc_count()


def missing_fields() -> set[str]:
    """Fields the code defines that the index on disk lacks (an older version)."""
    backend = connections["default"].get_backend()
    backend.setup()
    # Opened without a schema, the index reads its own from disk (haystack
    # opens it with the code's schema).
    on_disk = set(backend.storage.open_index().schema.names())
    return set(backend.schema.names()) - on_disk


class Command(BaseCommand):
    help = (
        "Index what waits in the outbox; rebuild the search index from the database "
        "if its size differs from the published count or its fields from the code's."
    )

    def handle(self, *args, **options):
        missing = missing_fields()
        if not missing:
            # Tasks a stopped process left behind; with another schema a
            # rebuild below does them all.
            with index_lock():
                drained = drain_held()
            if drained:
                self.stdout.write(f"Indexed {drained} waiting index tasks.")
        published = Statement.objects.published().count()
        indexed = index_count()
        if indexed == published and not missing:
            self.stdout.write(f"The index holds all {published} published statements.")
            return
        if missing:
            self.stdout.write(
                f"The index lacks the fields {', '.join(sorted(missing))}: rebuilding."
            )
        else:
            self.stdout.write(
                f"The index holds {indexed} documents for {published} "
                "published statements: rebuilding."
            )
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt: {index_count()} documents."))
