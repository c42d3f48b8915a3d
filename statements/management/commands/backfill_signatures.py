"""``manage.py backfill_signatures``: fill what curation needs on statements
archived before it: normalized title and text, the words of the admin's search
and the near-duplicate signatures. Statements that have them are left alone."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from statements.curation import store_signatures, store_words
from statements.models import CHUNK, SignatureBand, Statement


def missing_text() -> list[int]:
    return list(
        Statement.objects.filter(normalized_body="")
        .exclude(body="")
        .values_list("pk", flat=True)
    )


def missing_words() -> list[int]:
    return list(Statement.objects.filter(words=None).values_list("pk", flat=True))


def missing_signatures() -> list[int]:
    signed = SignatureBand.objects.values("statement_id")
    return list(Statement.objects.exclude(pk__in=signed).values_list("pk", flat=True))


def fill_text(pks: list[int]) -> None:
    """Normalized columns, without a save: no history row, no index update."""
    for start in range(0, len(pks), CHUNK):
        chunk = list(Statement.objects.filter(pk__in=pks[start : start + CHUNK]))
        for statement in chunk:
            statement.normalize()
        with transaction.atomic():
            Statement.objects.bulk_update(chunk, Statement.DERIVED_FROM_TEXT)


def fill_words(pks: list[int]) -> None:
    for start in range(0, len(pks), CHUNK):
        chunk = Statement.objects.filter(pk__in=pks[start : start + CHUNK]).only(
            "pk", "title", "body"
        )
        with transaction.atomic():
            store_words(chunk)


def fill_signatures(pks: list[int]) -> None:
    for start in range(0, len(pks), CHUNK):
        chunk = Statement.objects.filter(pk__in=pks[start : start + CHUNK]).only(
            "pk", "normalized_body"
        )
        with transaction.atomic():
            store_signatures(chunk)


class Command(BaseCommand):
    help = (
        "Fill the normalized text, the words of the admin's search and the "
        "near-duplicate signatures of statements archived before them (idempotent)."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        texts = missing_text()
        fill_text(texts)
        words = missing_words()
        fill_words(words)
        signatures = missing_signatures()
        fill_signatures(signatures)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(texts)} normalized, {len(words)} given their words, "
                f"{len(signatures)} signed in {time.perf_counter() - start:.1f} s"
            )
        )
