"""``manage.py export_statements PATH``: the public statements in the import format.

Options and their parsing: ``statements.dumps.parse_selection`` and
``format_of`` (the search page's filters, ``--updated-since``, ``--format``).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.dumps import export_statements, format_of, parse_selection, selected

FILTERS = {
    "issuer": "an issuer by id or any of its names (its parts included)",
    "type": "a statement type by code or name",
    "tag": "a tag",
    "place": "a place by id or any of its names (the places within it included)",
    "lang": "a language code",
}


class Command(BaseCommand):
    help = (
        "Write the public statements (published and retracted) as JSON Lines or "
        "CSV in the import format, with their actors and places beside them in "
        "NAME.gazetteer.json: load_gazetteer then import_statements re-imports "
        "them exactly. A PATH ending in .gz is compressed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument(
            "--format",
            choices=["jsonl", "csv"],
            help="default: from PATH's suffix, else jsonl",
        )
        for name, what in FILTERS.items():
            parser.add_argument(
                f"--{name}",
                action="append",
                default=[],
                help=f"only statements of {what}; repeat for any of several",
            )
        parser.add_argument("--date-from", help="dated from YYYY, YYYY-MM or a day")
        parser.add_argument("--date-to", help="dated until YYYY, YYYY-MM or a day")
        parser.add_argument(
            "--updated-since", help="changed since an ISO date or date-time (UTC)"
        )

    def handle(self, *args, **options):
        path = options["path"]
        try:
            fmt = format_of(path, options["format"])
            statements = selected(parse_selection(options))
            result = export_statements(path, fmt, statements)
        except ValueError as exc:  # SelectionError too: the message says what to fix
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Cannot write {exc.filename}: {exc.strerror}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.statements} statements written to {result.path}, their "
                f"actors and places to {result.gazetteer}"
            )
        )
        self.stdout.write(
            f"Re-import: manage.py load_gazetteer {result.gazetteer} && "
            f"manage.py import_statements {result.path}"
        )
