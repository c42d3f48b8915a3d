"""Writing dumps: statements as JSON Lines or CSV, and the vocabulary beside them.

    result = export_statements(Path("out/statements.csv"), "csv", selection)
    # out/statements.csv and out/statements.gazetteer.json; re-imported by
    #   manage.py load_gazetteer out/statements.gazetteer.json
    #   manage.py import_statements out/statements.csv

A path ending in ``.gz`` is compressed. Compressed files are written with a
zero time and no name in their gzip header, so the same archive always gives
the same bytes (and the same SHA-256 in ``SHA256SUMS``).
"""

import csv
import gzip
import io
import json
from collections.abc import Iterable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..formats.dump import (
    CSV_HEADER,
    csv_cells,
    dump_record,
    gazetteer_entry,
    gazetteer_key,
    jsonl_line,
    usable_names,
)
from ..models import Actor, Place
from .selection import in_chunks

FORMATS = ("jsonl", "csv")
# gzip's level: 6 is zlib's default. 9 (gzip.open's) made files 3% smaller and
# took 4 times as long (the corpus's dump: 60 of its 89 s compressing).
COMPRESSION = 6
GAZETTEER_SUFFIX = ".gazetteer.json"


@contextmanager
def open_output(path: Path, encoding: str = "utf-8"):
    """``path`` opened for text, gzip-compressed when its name ends in .gz."""
    with open(path, "wb") as raw, ExitStack() as stack:
        stream = raw
        if path.name.endswith(".gz"):
            stream = stack.enter_context(
                gzip.GzipFile(
                    filename="",
                    mode="wb",
                    fileobj=raw,
                    mtime=0,
                    compresslevel=COMPRESSION,
                )
            )
        # newline="": the CSV writer ends its rows itself, and texts keep theirs.
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            yield text
        finally:
            text.flush()
            text.detach()


class JsonlWriter:
    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, record: dict) -> None:
        self.stream.write(jsonl_line(record))


class CsvWriter:
    """Rows of ``CSV_HEADER``; open its stream with ``utf-8-sig`` for the BOM."""

    def __init__(self, stream: TextIO):
        self.rows = csv.writer(stream)
        self.rows.writerow(CSV_HEADER)

    def write(self, record: dict) -> None:
        self.rows.writerow(csv_cells(record))


WRITERS = {"jsonl": (JsonlWriter, "utf-8"), "csv": (CsvWriter, "utf-8-sig")}


def write_statements(statements, writers: Iterable) -> int:
    """Every statement of the QuerySet to every writer, a chunk at a time."""
    count = 0
    for chunk in in_chunks(statements):
        for statement in chunk:
            record = dump_record(statement)
            for writer in writers:
                writer.write(record)
        count += len(chunk)
    return count


def format_of(path: Path, fmt: str | None) -> str:
    """The dump format: as given, else from the path; the importer reads a file
    by its suffix, so the two must agree."""
    name = path.name.lower().removesuffix(".gz")
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    fmt = fmt or (suffix if suffix in FORMATS else "jsonl")
    if fmt not in FORMATS:
        raise ValueError(f"--format must be jsonl or csv, got {fmt!r}")
    if suffix != fmt:
        raise ValueError(
            f"{path}: a {fmt} dump must be named *.{fmt} or *.{fmt}.gz "
            "(the importer reads a file by its suffix)"
        )
    return fmt


def gazetteer_path(path: Path) -> Path:
    """``out/statements.jsonl.gz`` → ``out/statements.gazetteer.json``."""
    name = path.name.removesuffix(".gz")
    return path.with_name(name.rsplit(".", 1)[0] + GAZETTEER_SUFFIX)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    gazetteer: Path
    statements: int


def export_statements(path: Path, fmt: str | None, statements) -> ExportResult:
    """Write ``statements`` (a QuerySet, see ``selection.selected``) to ``path``
    in ``fmt``, and the vocabulary beside it."""
    fmt = format_of(path, fmt)
    writer, encoding = WRITERS[fmt]
    with open_output(path, encoding) as stream:
        count = write_statements(statements, [writer(stream)])
    gazetteer = write_gazetteer(gazetteer_path(path))
    return ExportResult(path, gazetteer, count)


def write_gazetteer(path: Path) -> Path:
    """Every actor and place with its names, in ``load_gazetteer``'s format."""
    document = {"places": vocabulary(Place), "actors": vocabulary(Actor)}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return path


def vocabulary(model) -> list[dict]:
    """The gazetteer entries of ``model``: one per key (entities that share a
    key merged, as the importer would find them by the same name)."""
    entities = {e.pk: e for e in model.objects.prefetch_related("aliases")}
    for entity in entities.values():
        # A name the gazetteer would refuse (no letter or digit) is left out.
        entity.name_en, entity.name_ar = (
            (usable_names([name]) or [""])[0]
            for name in (entity.name_en, entity.name_ar)
        )
    entries: dict[str, dict] = {}
    for pk in sorted(entities):
        entity = entities[pk]
        key = gazetteer_key(entity)
        if not key:
            continue  # no name a gazetteer (or a record) could use
        parent = ancestor(entity, entities)
        entry = gazetteer_entry(entity, (parent and gazetteer_key(parent)) or None)
        if key in entries:
            merged = entries[key]
            names = [entry["name_en"], entry["name_ar"], *entry["aliases"]]
            merged["aliases"] = usable_names([*merged["aliases"], *names])
        else:
            entries[key] = entry
    return list(entries.values())


def ancestor(entity, entities: dict):
    """The entity's parent; None if it has none or the chain loops (a
    gazetteer refuses loops)."""
    seen, current = {entity.pk}, entities.get(entity.parent_id)
    while current is not None:
        if current.pk in seen:
            return None
        seen.add(current.pk)
        current = entities.get(current.parent_id)
    return entities.get(entity.parent_id)
