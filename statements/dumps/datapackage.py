"""The ``datapackage.json`` of the public dumps (Frictionless Data Package v1).

It names each file with its size and SHA-256, and describes the statement
files' columns (type, description, constraints), so that ``frictionless
validate datapackage.json`` checks the data against it. The JSON Lines file
has the CSV's columns, its lists as JSON arrays. The licence comes from the
setting ``ARCHIVE_DUMP_LICENSES``.
"""

from django.conf import settings

from ..formats.dump import CSV_HEADER, ESCAPING, LIST_COLUMNS, LIST_SEPARATOR
from ..models import Statement

DESCRIPTIONS = {
    "external_id": "The identifier the statement has in its source, if any.",
    "sha256": "SHA-256 of the original as first received: the bytes of a .txt "
    "file, the UTF-8 body of a JSON Lines or CSV record.",
    "title": "The title as published.",
    "body": "The text exactly as published.",
    "date": "The date as precisely as it is known: YYYY, YYYY-MM or YYYY-MM-DD; "
    "empty when unknown.",
    "language": "Language code of the text (ar, en, …).",
    "type": "Code of the statement type (statement, press_release, …).",
    "status": "published, or retracted (then see retraction_reason).",
    "retraction_reason": "Why the statement was retracted.",
    "issuer": "The issuing actor, by one of its names (its other names are in "
    "statements.gazetteer.json).",
    "author": "Author or byline.",
    "source": "Where the statement was found.",
    "source_url": "URL of the statement at its source.",
    "archived_url": "URL of an archived copy.",
    "places": "Places the statement concerns.",
    "actors": "Actors the statement names.",
    "tags": "Tags given by the archive.",
    "editorial_note": "A note of the archive's editors.",
    "csv_escaping": "Marks a file of the archive's export: a cell beginning with "
    "a quote had it added so that spreadsheets do not read a formula (=, +, -, @); "
    "the archive's importer takes it off.",
}
CONSTRAINTS = {
    "sha256": {"required": True, "pattern": "[0-9a-f]{64}"},
    "title": {"required": True},
    "body": {"required": True},
    "date": {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"},
    "status": {"required": True, "enum": list(Statement.PUBLIC_STATUSES)},
    "csv_escaping": {"required": True, "enum": [ESCAPING]},
}


def field(name: str, lists_as: str) -> dict:
    """One column; ``lists_as`` is "array" (JSON Lines) or "string" (CSV)."""
    described = {"name": name, "description": DESCRIPTIONS[name], "type": "string"}
    if name in LIST_COLUMNS:
        described["type"] = lists_as
        if lists_as == "string":
            described["description"] += (
                f" Separated by {LIST_SEPARATOR!r}; a '|' or '\\' inside a name "
                "is escaped with a backslash."
            )
    if name in ("source_url", "archived_url"):
        described["format"] = "uri"
    if name in CONSTRAINTS:
        described["constraints"] = CONSTRAINTS[name]
    return described


def file_facts(name: str, size: int, sha256: str) -> dict:
    return {"path": name, "bytes": size, "hash": f"sha256:{sha256}"}


def descriptor(files: dict[str, tuple[int, str]], created: str) -> dict:
    """The package of the dump folder's ``files`` (name → (size, sha256))."""
    columns = [field(name, "string") for name in CSV_HEADER]
    json_columns = [field(name, "array") for name in CSV_HEADER[:-1]]
    return {
        "profile": "data-package",
        "name": "conflict-statements",
        "title": "Conflict statements archive",
        "description": "Every public statement of the archive (published and "
        "retracted), in the archive's import format: "
        "manage.py load_gazetteer statements.gazetteer.json, then "
        "manage.py import_statements statements.jsonl.gz re-imports it.",
        "created": created,
        "licenses": settings.ARCHIVE_DUMP_LICENSES,
        "resources": [
            {
                "name": "statements-csv",
                "profile": "tabular-data-resource",
                **file_facts("statements.csv.gz", *files["statements.csv.gz"]),
                "format": "csv",
                "compression": "gz",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {"fields": columns},
            },
            {
                "name": "statements-jsonl",
                "profile": "tabular-data-resource",
                **file_facts("statements.jsonl.gz", *files["statements.jsonl.gz"]),
                "format": "jsonl",
                "compression": "gz",
                "mediatype": "application/jsonl",
                "encoding": "utf-8",
                "schema": {"fields": json_columns},
            },
            {
                "name": "vocabulary",
                "description": "Actors and places with their Arabic and English "
                "names, kinds, parents and aliases (the gazetteer format).",
                **file_facts(
                    "statements.gazetteer.json", *files["statements.gazetteer.json"]
                ),
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    }
