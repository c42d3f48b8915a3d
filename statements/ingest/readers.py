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
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..arabic import begins_arabic

# Bytes that no text file holds in UTF-8 or Windows-1256 (tab, newlines and
# form feed allowed); UTF-16 without its byte-order mark is full of them.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
FORMATS = (".txt", ".jsonl", ".json", ".csv")
SIDECAR_SUFFIX = ".meta.json"


class UnreadableFile(Exception):
    """A whole file that cannot be imported; the message says what to fix."""


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


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise UnreadableFile(f"{path}: not a valid gzip file ({exc})") from exc
    return data


def _looks_like_arabic_text(text: str) -> bool:
    """Windows-1256 decodes any bytes: accept it only if the text reads as Arabic."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return True
    arabic = sum(1 for c in non_ascii if begins_arabic(c))
    return arabic / len(non_ascii) >= 0.8


def decode(data: bytes, path: Path) -> str:
    """Text of a file in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1256.

    >>> decode("بيان".encode("cp1256"), Path("x.txt"))
    'بيان'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = None
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                f"{path}: starts with a {encoding} mark but is not {encoding}: {exc}"
            ) from exc
    if _CONTROL_BYTES.search(data):
        raise UnreadableFile(
            f"{path}: contains control bytes such as NUL "
            "(UTF-16 without a byte-order mark, "
            "or not text at all); save it as UTF-8"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256", errors="replace")
    if "\ufffd" in text or not _looks_like_arabic_text(text):
        raise UnreadableFile(
            f"{path}: the encoding could not be determined "
            "(not UTF-8, UTF-16 with BOM or "
            "Windows-1256 Arabic); save the file as UTF-8 and import it again"
        )
    return text


def read_file(path: Path) -> Iterator[RawRecord | RecordError]:
    """Every record of one file, or an error for each record that cannot be read."""
    fmt = statement_format(path)
    data = read_bytes(path)
    text = decode(data, path)
    if fmt == ".txt":
        yield from read_txt(path, data, text)
    elif fmt == ".jsonl":
        yield from read_jsonl(path, text)
    elif fmt == ".json":
        yield from read_json(path, text)
    elif fmt == ".csv":
        yield from read_csv(path, text)
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


def read_txt(path: Path, data: bytes, text: str) -> Iterator[RawRecord | RecordError]:
    """Plain text: the first non-empty line is the title, the rest the body."""
    lines = physical_lines(text)
    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title_index is None:
        yield RecordError(
            path, 1, "the file is empty; a .txt statement needs a title line and a body"
        )
        return
    fields: dict = {
        "title": lines[title_index].strip(),
        "body": "".join(lines[title_index + 1 :]),
    }
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
    yield RawRecord(path, title_index + 1, fields, data)


def _record(path: Path, line: int, obj) -> RawRecord | RecordError:
    if not isinstance(obj, dict):
        return RecordError(
            path, line, f"expected a JSON object, got {type(obj).__name__}"
        )
    body = obj.get("body")
    original = body.encode("utf-8") if isinstance(body, str) else b""
    return RawRecord(path, line, obj, original)


def read_jsonl(path: Path, text: str) -> Iterator[RawRecord | RecordError]:
    for number, line in enumerate(physical_lines(text), start=1):
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


def read_csv(path: Path, text: str) -> Iterator[RawRecord | RecordError]:
    """CSV with a header row of the JSON field names; list cells split on ';' or '|'."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
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
