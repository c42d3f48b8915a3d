"""A statement as a record of the import format, and the vocabulary as a gazetteer.

What ``manage.py export_statements`` and the public dumps write, so that
``import_statements`` reads back the same statements::

    record = dump_record(statement)       # {"sha256": …, "date": "2020-03", …}
    line = jsonl_line(record)             # one line of JSON Lines
    cells = csv_cells(record)             # one CSV row, safe in a spreadsheet
    entry = gazetteer_entry(actor, "Syrian Democratic Forces")

A record carries the statement's SHA-256 (of the original as first received:
the text cannot give it back once a .txt file is split into title and body),
its date with its precision, its status and the reason of a retraction. Names
(issuer, places, actors) are given by one spelling; their other spellings go
to the gazetteer file beside the dump, which ``load_gazetteer`` reads before
the records are imported.

The CSV is for spreadsheets: lists in one cell, joined by " | ", and cells a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return; OWASP's "CSV injection") prefixed with a quote. The column
``csv_escaping`` marks the file, so that the importer
(``statements.ingest.readers.read_csv``, which names the same column) takes
the quote off again; other CSV files are read unchanged.
"""

import json

from ..arabic import normalized_text
from ..models import Statement

# The import format's fields, in the order a dump writes them.
COLUMNS = (
    "external_id",
    "sha256",
    "title",
    "body",
    "date",
    "language",
    "type",
    "status",
    "retraction_reason",
    "issuer",
    "author",
    "source",
    "source_url",
    "archived_url",
    "places",
    "actors",
    "tags",
    "editorial_note",
)
LIST_COLUMNS = ("places", "actors", "tags")
LIST_SEPARATOR = " | "
# Marks a CSV the export wrote; every row holds ESCAPING in it.
ESCAPING_COLUMN = "csv_escaping"
ESCAPING = "formula-quote"
CSV_HEADER = (*COLUMNS, ESCAPING_COLUMN)
# What makes a spreadsheet read a cell as a formula, and the quote itself (so
# that taking one leading quote off gives back every cell exactly).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_NAME_LENGTH = 300  # the gazetteer's (and the name fields') limit


def entity_name(entity) -> str:
    """The one spelling a record names an actor or a place by."""
    return entity.name_ar or entity.name_en


def dump_record(statement: Statement) -> dict:
    """The statement as the importer reads it (relations best prefetched)."""
    return {
        "external_id": statement.external_id or None,
        "sha256": statement.sha256,
        "title": statement.title,
        "body": statement.body,
        "date": statement.date_display or None,
        "language": statement.language,
        "type": statement.type.code,
        "status": statement.status,
        "retraction_reason": statement.retraction_reason,
        "issuer": entity_name(statement.issuer) if statement.issuer else None,
        "author": statement.author,
        "source": statement.source,
        "source_url": statement.source_url,
        "archived_url": statement.archived_url,
        "places": sorted(entity_name(p) for p in statement.places.all()),
        "actors": sorted(entity_name(a) for a in statement.actors.all()),
        "tags": sorted(t.name for t in statement.tags.all()),
        "editorial_note": statement.editorial_note,
    }


def jsonl_line(record: dict) -> str:
    """One line of JSON Lines (newlines and U+2028 in texts stay escaped or
    inside the line: the importer splits at \\n, \\r\\n and \\r only)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def neutralized(cell: str) -> str:
    """A cell a spreadsheet shows as text: a quote before what would be a formula.

    >>> neutralized("=SUM(A1:A9)")
    "'=SUM(A1:A9)"
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def joined_names(names: list[str]) -> str:
    """A list in one cell: ``["a", "b|c"]`` → ``"a | b\\|c"``."""
    escaped = (n.replace("\\", "\\\\").replace("|", "\\|") for n in names)
    return LIST_SEPARATOR.join(escaped)


def csv_cells(record: dict) -> list[str]:
    """The record as a row of ``CSV_HEADER``."""
    cells = []
    for name in COLUMNS:
        value = record[name]
        if name in LIST_COLUMNS:
            value = joined_names(value)
        cells.append(neutralized(value or ""))
    return [*cells, ESCAPING]


def usable_names(names) -> list[str]:
    """The names a gazetteer accepts (letters or digits, not too long), each once."""
    return list(
        dict.fromkeys(
            n for n in names if normalized_text(n) and len(n) <= MAX_NAME_LENGTH
        )
    )


def gazetteer_key(entity) -> str:
    """What names an entity in a gazetteer list (``ingest.gazetteer``'s key)."""
    return entity.name_en or entity.name_ar


def gazetteer_entry(entity, parent_key: str | None) -> dict:
    """An actor or place with its names, kind, parent and aliases (prefetched)."""
    own = {entity.name_en, entity.name_ar}
    return {
        "name_en": entity.name_en,
        "name_ar": entity.name_ar,
        "kind": entity.kind,
        "parent": parent_key,
        "aliases": usable_names(
            a.name for a in entity.aliases.all() if a.name not in own
        ),
    }
