"""Bounds on what one line, one record and one JSON value of a statement file may
hold, so that a file made to exhaust memory or the stack is refused, record by
record, with what was refused and why (the rest of the file is imported).

    lines = BoundedLines(text, max_line_chars())
    for line in lines: ...          # raises LineTooLong for a line past the
                                    # limit, then goes on with the next line

The limits are settings, read at call time (``ARCHIVE_MAX_LINE_CHARS``,
``ARCHIVE_MAX_RECORD_CHARS``, ``ARCHIVE_MAX_JSON_DEPTH``,
``ARCHIVE_MAX_CSV_FIELD_CHARS``; the gzip ones are in ``encodings``).
"""

import json
from typing import TextIO

from django.conf import settings

# What an archive without these settings uses (archive/settings/base.py
# explains each).
DEFAULTS = {
    "ARCHIVE_MAX_LINE_CHARS": 10_000_000,
    "ARCHIVE_MAX_RECORD_CHARS": 2_000_000,
    "ARCHIVE_MAX_JSON_DEPTH": 20,
    "ARCHIVE_MAX_CSV_FIELD_CHARS": 2_000_000,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def max_line_chars() -> int:
    return limit("ARCHIVE_MAX_LINE_CHARS")


def max_csv_field_chars() -> int:
    return limit("ARCHIVE_MAX_CSV_FIELD_CHARS")


class LineTooLong(Exception):
    """A line longer than ``ARCHIVE_MAX_LINE_CHARS``: skipped, not read whole."""

    def __init__(self, number: int, limit: int):
        self.number = number
        super().__init__(
            f"the line is longer than {limit:,} characters "
            "(ARCHIVE_MAX_LINE_CHARS); it was skipped"
        )


class BoundedLines:
    """The lines of ``text``, none longer than ``limit`` characters held at once.

    An iterator class rather than a generator: after raising ``LineTooLong``
    it goes on with the next line (a generator would be finished), so the
    readers report the line and go on, and ``csv.reader`` can read from it.
    ``number`` is the physical line last read.
    """

    def __init__(self, text: TextIO, limit: int):
        self.text, self.limit, self.number = text, limit, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) <= self.limit:
            return line
        # Read the rest of the line a piece at a time, keeping none of it.
        while line and not line.endswith(("\n", "\r")):
            line = self.text.readline(self.limit)
        raise LineTooLong(self.number, self.limit)


def json_too_deep(value) -> str:
    """Why a parsed JSON value nests too deeply for a record, or ""."""
    depth_limit = limit("ARCHIVE_MAX_JSON_DEPTH")
    level, depth = [value], 0
    while level:
        depth += 1
        if depth > depth_limit:
            return (
                f"the JSON nests deeper than {depth_limit} levels "
                "(ARCHIVE_MAX_JSON_DEPTH); a record is an object of texts and lists"
            )
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
    return ""


def load_json(text: str):
    """``json.loads`` whose every failure is a ``ValueError`` with a message:
    nesting past the parser's stack, or an integer of thousands of digits
    (Python refuses to read those), are errors of the input like any other."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise ValueError(
            "the JSON nests too deeply to be read (ARCHIVE_MAX_JSON_DEPTH)"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
    except ValueError as exc:
        raise ValueError(f"not valid JSON: {exc}") from exc


def parse_json(text: str):
    """One record's JSON (a line of JSON Lines, a sidecar), no deeper than
    ``ARCHIVE_MAX_JSON_DEPTH``; any failure a ``ValueError`` with a message."""
    value = load_json(text)
    if problem := json_too_deep(value):
        raise ValueError(problem)
    return value


def record_too_long(fields: dict) -> str:
    """Why a record's texts are too long to store, or "" (their characters
    counted together: the title, the body and every other text)."""
    record_limit = limit("ARCHIVE_MAX_RECORD_CHARS")
    size = sum(text_chars(value) for value in fields.values())
    if size <= record_limit:
        return ""
    return (
        f"the record holds {size:,} characters of text, more than "
        f"{record_limit:,} (ARCHIVE_MAX_RECORD_CHARS); it was not imported"
    )


def text_chars(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(text_chars(v) for v in value)
    if isinstance(value, dict):
        return sum(text_chars(v) for v in value.values())
    return 0
