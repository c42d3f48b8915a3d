"""``manage.py export_dumps``: write the public dumps that /data/ serves."""

from django.core.management.base import BaseCommand, CommandError

from statements.dumps import export_dumps


class Command(BaseCommand):
    help = (
        "Write every public statement as JSON Lines and CSV (gzip), with the "
        "vocabulary, datapackage.json, LICENSE.txt and SHA256SUMS, into "
        "DATA_DIR/dumps/current (swapped in whole); /data/ serves them."
    )

    def handle(self, *args, **options):
        try:
            dump = export_dumps()
        except OSError as exc:
            raise CommandError(f"Cannot write {exc.filename}: {exc.strerror}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"{dump.statements} statements dumped in {dump.folder}")
        )
