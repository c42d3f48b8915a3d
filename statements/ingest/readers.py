"""Reading statement files: one parser per format, each yielding records or errors.

Formats: ``.txt`` (first non-empty line is the title, the rest the body, an
optional ``NAME.meta.json`` sidecar with metadata), ``.jsonl``, ``.json`` (an
array of objects) and ``.csv``, each plain or gzipped. Example::

    for item in read_file(Path("seeds/000_3a983311a22140ec.txt")):
        if isinstance(item, RecordError):
            print(item)            # "file.jsonl:17: 'body' is missing"
        else:
            print(item.fields["title"])

Parsing is separate from validation (``records.py``) and from writing to the
database (``store.py``) so each can be tested on its own.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .encodings import UnreadableFile, decode, file_encoding, open_text, read_bytes

FORMATS = (".txt", ".jsonl", ".json", ".csv")
SIDECAR_SUFFIX = ".meta.json"


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
    if name.endswith(SIDECAR_SUFFIX) or name.endswith(SIDECAR_SUFFIX + ".gz"):
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
    fmt = statement_format(path)
    encoding = file_encoding(path)
    if fmt in (".jsonl", ".csv"):
        with open_text(path, encoding) as text:
            read = read_jsonl if fmt == ".jsonl" else read_csv
            yield from read(path, text)
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
            meta = json.loads(decode(sidecar.read_bytes(), sidecar))
        except json.JSONDecodeError as exc:
            yield RecordError(
                sidecar, exc.lineno, f"not valid JSON: {exc.msg} at column {exc.colno}"
            )
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


def read_jsonl(path: Path, lines: Iterable[str]) -> Iterator[RawRecord | RecordError]:
    """One JSON object a line (``lines`` as ``open_text`` splits them)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(
                path, number, f"not valid JSON: {exc.msg} at column {exc.colno}"
            )
            continue
        yield _record(path, number, obj)


def read_json(path: Path, text: str) -> Iterator[RawRecord | RecordError]:
    """A JSON array of records (or one object); ``line`` is the record's number."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"{path}:{exc.lineno}: not valid JSON: {exc.msg} at column {exc.colno}; "
            "nothing in this file was imported"
        ) from exc
    items = data if isinstance(data, list) else [data]
    for number, obj in enumerate(items, start=1):
        yield _record(path, number, obj)


def read_csv(path: Path, text: TextIO) -> Iterator[RawRecord | RecordError]:
    """CSV with a header row of the JSON field names; list cells split on ';' or '|'."""
    reader = csv.DictReader(text)
    if not reader.fieldnames or "body" not in reader.fieldnames:
        raise UnreadableFile(
            f"{path}: the first row must name the columns, including 'body'"
        )
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if None in row:
            yield RecordError(
                path, start, f"{len(row[None])} more cells than the header has columns"
            )
            continue
        fields = {key: value for key, value in row.items() if value not in (None, "")}
        yield RawRecord(path, start, fields, fields.get("body", "").encode("utf-8"))
