"""A statement file's encoding, found by reading it in chunks, and its text as a stream.

Accepted: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order
mark, and Windows-1256 when the text reads as Arabic; anything else is
refused with what to do (``UnreadableFile``). Example::

    encoding = file_encoding(path)            # the whole file read, a MiB at a time
    with open_text(path, encoding) as lines:  # then read again, line by line
        for line in lines: ...

Reading in chunks keeps an import's memory flat whatever the file's size: a
31,523-record file decoded whole took 0.5 GB before a record was read.

A ``.gz`` file is refused as a whole (``UnreadableFile``) as soon as what it
expands to passes ``ARCHIVE_GZIP_MAX_BYTES``, or expands more than
``ARCHIVE_GZIP_MAX_RATIO`` times once past a MiB (``BoundedGzip``): a few
kilobytes made to expand to gigabytes are stopped after that first MiB.
"""

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from django.conf import settings

from ..arabic import begins_arabic

CHUNK_BYTES = 1 << 20
# Bytes that no text file holds in UTF-8 or Windows-1256 (tab, newlines and
# form feed allowed); UTF-16 without its byte-order mark is full of them.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_MARKS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class UnreadableFile(Exception):
    """A whole file that cannot be imported; the message says what to fix."""


# Expansion ratios are judged only past this much output: a small file of
# repeated lines may compress very well without harm.
RATIO_AFTER_BYTES = 1 << 20


class BoundedGzip(io.RawIOBase):
    """A gzip file's uncompressed bytes, refused past the settings' size and ratio."""

    def __init__(self, path: Path):
        self.path = path
        self.max_bytes = int(getattr(settings, "ARCHIVE_GZIP_MAX_BYTES", 1 << 30))
        self.max_ratio = float(getattr(settings, "ARCHIVE_GZIP_MAX_RATIO", 100))
        self.raw = open(path, "rb")  # noqa: SIM115 (closed by close())
        self.gzip = gzip.GzipFile(fileobj=self.raw)
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.gzip.read(len(buffer))
        buffer[: len(data)] = data
        self.out += len(data)
        self.check()
        return len(data)

    def check(self) -> None:
        if self.out > self.max_bytes:
            raise UnreadableFile(
                f"{self.path}: expands to more than {self.max_bytes:,} bytes "
                "(ARCHIVE_GZIP_MAX_BYTES); nothing in this file was imported. "
                "Split it into smaller files."
            )
        ratio = self.out / max(self.raw.tell(), 1)
        if self.out > RATIO_AFTER_BYTES and ratio > self.max_ratio:
            raise UnreadableFile(
                f"{self.path}: expands more than {self.max_ratio:g} times "
                "(ARCHIVE_GZIP_MAX_RATIO), as files made to fill the memory or "
                "the disk do; nothing in this file was imported"
            )

    def close(self) -> None:
        self.gzip.close()
        self.raw.close()
        super().close()


def _open_bytes(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return io.BufferedReader(BoundedGzip(path), CHUNK_BYTES)
    return open(path, "rb")


def chunks(path: Path) -> Iterator[bytes]:
    """The file's bytes (uncompressed), a MiB at a time."""
    try:
        with _open_bytes(path) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                yield chunk
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise UnreadableFile(f"{path}: not a valid gzip file ({exc})") from exc


def read_bytes(path: Path) -> bytes:
    """The whole file's bytes, uncompressed (one-record formats)."""
    return b"".join(chunks(path))


@contextmanager
def open_text(path: Path, encoding: str) -> Iterator[TextIO]:
    """The file as text, read as it is iterated; lines end at \\n, \\r\\n or \\r
    only (not at U+2028 or U+0085, which texts may hold)."""
    with _open_bytes(path) as stream:
        yield io.TextIOWrapper(stream, encoding=encoding, newline="")


def file_encoding(path: Path) -> str:
    """The encoding of a file, read in chunks (twice at most); see the module."""
    return encoding_of(lambda: chunks(path), path)


def decode(data: bytes, path: Path) -> str:
    """Text of bytes held whole, in the encoding ``file_encoding`` would find.

    >>> decode("بيان".encode("cp1256"), Path("x.txt"))
    'بيان'
    """
    return data.decode(encoding_of(lambda: [data], path))


def encoding_of(read: Callable[[], Iterable[bytes]], path: Path) -> str:
    """The encoding of the bytes ``read()`` gives, chunk by chunk."""
    first = next(iter(read()), b"")
    marked = next((name for mark, name in _MARKS if first.startswith(mark)), None)
    if marked:
        error = _decode_error(read(), marked)
        if error:
            raise UnreadableFile(
                f"{path}: starts with a {marked} mark but is not {marked}: {error}"
            )
        return marked
    if any(_CONTROL_BYTES.search(chunk) for chunk in read()):
        raise UnreadableFile(
            f"{path}: contains control bytes such as NUL "
            "(UTF-16 without a byte-order mark, "
            "or not text at all); save it as UTF-8"
        )
    if not _decode_error(read(), "utf-8"):
        return "utf-8"
    if _reads_as_arabic(read()):
        return "cp1256"
    raise UnreadableFile(
        f"{path}: the encoding could not be determined "
        "(not UTF-8, UTF-16 with BOM or "
        "Windows-1256 Arabic); save the file as UTF-8 and import it again"
    )


def _decode_error(chunks: Iterable[bytes], encoding: str) -> UnicodeDecodeError | None:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return exc
    return None


def _reads_as_arabic(chunks: Iterable[bytes]) -> bool:
    """Windows-1256 decodes almost any bytes: accept it only if the text reads
    as Arabic (four in five of its non-ASCII letters Arabic)."""
    non_ascii = arabic = 0
    for chunk in chunks:
        text = chunk.decode("cp1256", errors="replace")
        if "\ufffd" in text:
            return False
        others = [c for c in text if ord(c) > 127]
        non_ascii += len(others)
        arabic += sum(1 for c in others if begins_arabic(c))
    return not non_ascii or arabic / non_ascii >= 0.8
