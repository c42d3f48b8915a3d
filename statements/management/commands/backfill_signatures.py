"""``manage.py backfill_signatures``: fill what curation needs on statements
archived before it: the words of the admin's search and the near-duplicate
signatures. Statements that have them are left alone."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from statements.curation import store_signatures, store_words
from statements.models import CHUNK, SignatureBand, Statement


def missing_words() -> list[int]:
    return list(Statement.objects.filter(words=None).values_list("pk", flat=True))


def missing_signatures() -> list[int]:
    signed = SignatureBand.objects.values("statement_id")
    return list(Statement.objects.exclude(pk__in=signed).values_list("pk", flat=True))


def fill_words(pks: list[int]) -> None:
    """Without a save: no history row, no index update."""
    for start in range(0, len(pks), CHUNK):
        chunk = Statement.objects.filter(pk__in=pks[start : start + CHUNK]).only(
            "pk", "title", "body"
        )
        with transaction.atomic():
            store_words(chunk)


def fill_signatures(pks: list[int]) -> None:
    for start in range(0, len(pks), CHUNK):
        chunk = Statement.objects.filter(pk__in=pks[start : start + CHUNK]).only(
            "pk", "body"
        )
        with transaction.atomic():
            store_signatures(chunk)


class Command(BaseCommand):
    help = (
        "Fill the words of the admin's search and the near-duplicate signatures "
        "of statements archived before them (idempotent)."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        words = missing_words()
        fill_words(words)
        signatures = missing_signatures()
        fill_signatures(signatures)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(words)} given their words, {len(signatures)} signed "
                f"in {time.perf_counter() - start:.1f} s"
            )
        )
