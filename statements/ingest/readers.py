"""Reading statement files: one parser per format, each yielding records or errors.

Formats: ``.txt`` (first non-empty line is the title, the rest the body, an
optional ``NAME.meta.json`` sidecar with metadata), ``.jsonl``, ``.json`` (an
array of objects) and ``.csv``, each plain or gzipped. Example::

    for item in read_file(Path("seeds/000_3a983311a22140ec.txt")):
        if isinstance(item, RecordError):
            print(item)            # "file.jsonl:17: 'body' is missing"
        else:
            print(item.fields["title"])

Each line, record, JSON value and CSV field is bounded (``limits``): one past
its limit is a ``RecordError`` that says which limit, and the rest of the
file is read. Parsing is separate from validation (``records.py``) and from
writing to the database (``store.py``) so each can be tested on its own.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json import JSONDecodeError
from pathlib import Path

from .encodings import UnreadableFile, decode, file_encoding, open_text, read_bytes
from .limits import (
    BoundedLines,
    LineTooLong,
    json_too_deep,
    load_json,
    max_csv_field_chars,
    max_line_chars,
    parse_json,
    record_too_long,
)

FORMATS = (".txt", ".jsonl", ".json", ".csv")
SIDECAR_SUFFIX = ".meta.json"
# The vocabulary an export writes beside its dump (``load_gazetteer`` reads
# it): not a statement file, so a folder holding both imports as it should.
GAZETTEER_SUFFIX = ".gazetteer.json"
# The column that marks a CSV written by ``manage.py export_statements``
# (``statements.formats.dump`` writes it: formats and ingest may not import
# each other, the round-trip tests keep the two in step). In such a file a
# cell that begins with a quote had it added so that a spreadsheet would not
# read a formula, and a list cell joins its names with " | " ("|" and "\\"
# inside a name escaped with a backslash). Other CSV files are read as they are.
DUMP_COLUMN = "csv_escaping"
LIST_COLUMNS = ("tags", "places", "actors")


@dataclass(frozen=True)
class RawRecord:
    """One record as read from a file, before validation."""

    path: Path
    line: int
    fields: dict
    # The bytes the SHA-256 fingerprint is taken of: the whole file for .txt,
    # the UTF-8 body for the other formats.
    original: bytes


@dataclass(frozen=True)
class RecordError:
    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def statement_format(path: Path) -> str | None:
    """The format of ``path`` (".txt", ".jsonl", …), None if it is no statement file."""
    name = path.name.lower()
    if name.removesuffix(".gz").endswith((SIDECAR_SUFFIX, GAZETTEER_SUFFIX)):
        return None
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    return suffix if suffix in FORMATS else None


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Statement files in ``paths``: files as given, folders searched recursively."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and statement_format(p)
            )
        elif path.is_file():
            if not statement_format(path):
                raise UnreadableFile(
                    f"{path}: not a statement file; "
                    "give a .txt, .jsonl, .json or .csv file "
                    "(optionally .gz)"
                )
            found.append(path)
        else:
            raise UnreadableFile(f"{path}: no such file or folder")
    return found


def read_file(path: Path) -> Iterator[RawRecord | RecordError]:
    """Every record of one file, or an error for each record that cannot be read.

    JSON Lines and CSV are read as a stream, a record at a time; a .txt
    statement and a .json array are read whole.
    """
    for item in read_records_of(path):
        problem = isinstance(item, RawRecord) and record_too_long(item.fields)
        yield RecordError(item.path, item.line, problem) if problem else item


def read_records_of(path: Path) -> Iterator[RawRecord | RecordError]:
    fmt = statement_format(path)
    encoding = file_encoding(path)
    if fmt in (".jsonl", ".csv"):
        with open_text(path, encoding) as text:
            lines = BoundedLines(text, max_line_chars())
            read = read_jsonl if fmt == ".jsonl" else read_csv
            yield from read(path, lines)
        return
    data = read_bytes(path)
    text = data.decode(encoding)
    if fmt == ".txt":
        yield from read_txt(path, data, text)
    elif fmt == ".json":
        yield from read_json(path, text)
    else:
        raise UnreadableFile(f"{path}: unknown format")


def physical_lines(text: str) -> list[str]:
    """Lines ended by \\n, \\r\\n or \\r only, their ends kept.

    ``str.splitlines`` also splits at U+2028, U+0085 and other characters that
    JSON strings and statement texts may hold.
    """
    return io.StringIO(text, newline="").readlines()


def sidecar_path(path: Path) -> Path:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return path.with_name(Path(name).stem + SIDECAR_SUFFIX)


def split_txt(text: str) -> tuple[int, str, str] | None:
    """(line number, title, body) of a .txt statement: the first non-empty line
    is the title, the rest the body; None for an empty text. (Also how
    ``originals`` finds the body received in a stored .txt original.)"""
    lines = physical_lines(text)
    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_index is None:
        return None
    title, body = lines[title_index].strip(), "".join(lines[title_index + 1 :])
    return title_index + 1, title, body


def read_txt(path: Path, data: bytes, text: str) -> Iterator[RawRecord | RecordError]:
    """Plain text: the first non-empty line is the title, the rest the body."""
    split = split_txt(text)
    if split is None:
        yield RecordError(
            path, 1, "the file is empty; a .txt statement needs a title line and a body"
        )
        return
    line, title, body = split
    fields: dict = {"title": title, "body": body}
    sidecar = sidecar_path(path)
    if sidecar.exists():
        try:
            meta = parse_json(decode(sidecar.read_bytes(), sidecar))
        except ValueError as exc:
            yield RecordError(sidecar, 1, str(exc))
            return
        if not isinstance(meta, dict):
            yield RecordError(
                sidecar, 1, "a sidecar must hold one JSON object of metadata"
            )
            return
        # The sidecar describes the text; it may correct the title, never the body.
        fields = {
            **meta,
            "title": meta.get("title") or fields["title"],
            "body": fields["body"],
        }
    yield RawRecord(path, line, fields, data)


def _record(path: Path, line: int, obj) -> RawRecord | RecordError:
    if not isinstance(obj, dict):
        return RecordError(
            path, line, f"expected a JSON object, got {type(obj).__name__}"
        )
    body = obj.get("body")
    original = body.encode("utf-8") if isinstance(body, str) else b""
    return RawRecord(path, line, obj, original)


def numbered_lines(lines: Iterable[str]) -> Iterator[tuple[int, str | LineTooLong]]:
    """(number, line) of each line; a line too long comes as its error."""
    iterator = iter(lines)
    number = 0
    while True:
        number += 1
        try:
            yield number, next(iterator)
        except StopIteration:
            return
        except LineTooLong as exc:
            yield number, exc


def read_jsonl(path: Path, lines: Iterable[str]) -> Iterator[RawRecord | RecordError]:
    """One JSON object a line (``lines`` as ``open_text`` splits them)."""
    for number, line in numbered_lines(lines):
        if isinstance(line, LineTooLong):
            yield RecordError(path, number, str(line))
            continue
        if not line.strip():
            continue
        try:
            obj = parse_json(line)
        except ValueError as exc:
            yield RecordError(path, number, str(exc))
            continue
        yield _record(path, number, obj)


def read_json(path: Path, text: str) -> Iterator[RawRecord | RecordError]:
    """A JSON array of records (or one object); ``line`` is the record's number."""
    try:
        data = load_json(text)
    except ValueError as exc:
        cause = exc.__cause__
        where = f":{cause.lineno}" if isinstance(cause, JSONDecodeError) else ""
        raise UnreadableFile(
            f"{path}{where}: {exc}; nothing in this file was imported"
        ) from exc
    items = data if isinstance(data, list) else [data]
    for number, obj in enumerate(items, start=1):
        if problem := json_too_deep(obj):
            yield RecordError(path, number, problem)
            continue
        yield _record(path, number, obj)


def unquoted(cell: str) -> str:
    """A cell of an exported CSV as it was before the export neutralized it.

    >>> unquoted("'=SUM(A1:A2)")
    '=SUM(A1:A2)'
    """
    return cell[1:] if cell.startswith("'") else cell


def split_names(cell: str) -> list[str]:
    """The names of an exported list cell: ``"a | b\\|c"`` → ``["a", "b|c"]``."""
    names, current, escaped = [], [], False
    for char in cell:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            names.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    names.append("".join(current).strip())
    return [name for name in names if name]


def dump_fields(fields: dict) -> dict:
    """The fields of a row of an exported CSV, as the export read them."""
    fields = {key: unquoted(value) for key, value in fields.items()}
    fields.pop(DUMP_COLUMN, None)
    for name in LIST_COLUMNS:
        if name in fields:
            fields[name] = split_names(fields[name])
    return {key: value for key, value in fields.items() if value not in ("", [])}


def csv_rows(path: Path, reader: csv.DictReader) -> Iterator[dict | RecordError]:
    """The reader's rows; a row it cannot read (a field past
    ``ARCHIVE_MAX_CSV_FIELD_CHARS``, a line too long) as an error, then on."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field limit" in reason:
                reason = (
                    f"a cell is longer than {max_csv_field_chars():,} characters "
                    "(ARCHIVE_MAX_CSV_FIELD_CHARS); the row was not imported"
                )
            yield RecordError(path, reader.line_num, reason)
        except LineTooLong as exc:
            yield RecordError(path, reader.line_num, str(exc))


def read_csv(path: Path, text: Iterable[str]) -> Iterator[RawRecord | RecordError]:
    """CSV with a header row of the JSON field names; list cells split on ';' or
    '|'. A CSV the export wrote (``DUMP_COLUMN``) is read back as it was."""
    # Process-wide, so set before each file from the settings.
    csv.field_size_limit(max_csv_field_chars())
    reader = csv.DictReader(text)
    try:
        header = reader.fieldnames
    except (csv.Error, LineTooLong) as exc:
        raise UnreadableFile(f"{path}: the first row cannot be read: {exc}") from exc
    if not header or "body" not in header:
        raise UnreadableFile(
            f"{path}: the first row must name the columns, including 'body'"
        )
    exported = DUMP_COLUMN in header
    line = reader.line_num
    for row in csv_rows(path, reader):
        start, line = line + 1, reader.line_num
        if isinstance(row, RecordError):
            yield RecordError(path, start, row.reason)
            continue
        if None in row:
            yield RecordError(
                path, start, f"{len(row[None])} more cells than the header has columns"
            )
            continue
        fields = {key: value for key, value in row.items() if value not in (None, "")}
        if exported:
            fields = dump_fields(fields)
        yield RawRecord(path, start, fields, fields.get("body", "").encode("utf-8"))
