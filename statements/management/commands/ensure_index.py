"""``manage.py ensure_index``: rebuild the index when it misses published statements."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from statements.models import Statement


def index_count() -> int:
    backend = connections["default"].get_backend()
    backend.setup()
    return backend.index.refresh().doc_count()


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database "
        "if its size differs from the published count."
    )

    def handle(self, *args, **options):
        published = Statement.objects.published().count()
        indexed = index_count()
        if indexed == published:
            self.stdout.write(f"The index holds all {published} published statements.")
            return
        self.stdout.write(
            f"The index holds {indexed} documents for {published} "
            "published statements: rebuilding."
        )
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt: {index_count()} documents."))
