"""Validation of imported records: from a file's fields to a ``StatementRecord``.

Each rule says what to fix: ``'date' must be YYYY, YYYY-MM or YYYY-MM-DD, got
'2020/13/40'``. Example::

    record = clean_record(raw, default_status="published")
    if isinstance(record, RecordError): ...
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from ..arabic import normalized_and_stems, word_stems
from ..curation.words import joined_stems
from ..models import Statement, normalized_fingerprint, sha256_hex
from .readers import RawRecord, RecordError

KNOWN_FIELDS = {
    "external_id",
    "title",
    "body",
    "date",
    "issuer",
    "source",
    "source_url",
    "archived_url",
    "type",
    "tags",
    "places",
    "actors",
    "language",
    "author",
    "status",
    "editorial_note",
    # Why a retracted statement was retracted (only with status "retracted").
    "retraction_reason",
    # The SHA-256 of the original as first received (a dump carries it; see
    # ``sha256_value``).
    "sha256",
}
LIST_FIELDS = ("tags", "places", "actors")
TEXT_LIMITS = {
    "title": 1000,
    "source": 300,
    "author": 300,
    "issuer": 300,
    "external_id": 300,
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class InvalidField(ValueError):
    """A field's value that cannot be imported; the message says what to fix."""


@dataclass
class StatementRecord:
    """A validated record, ready to be matched against the archive and stored."""

    title: str
    body: str
    sha256: str
    normalized_hash: str
    # The normalized words of the text, computed once here for the hash and the
    # duplicate check (not stored).
    normalized_body: str
    # The words of the admin's search (``curation.words.statement_stems``).
    stems: str
    type: str
    language: str
    status: str
    date_issued: datetime.date | None = None
    date_precision: str = Statement.DatePrecision.UNKNOWN
    external_id: str | None = None
    issuer: str = ""
    source: str = ""
    source_url: str = ""
    archived_url: str = ""
    author: str = ""
    editorial_note: str = ""
    retraction_reason: str = ""
    tags: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    # The fields the record itself gave: an update changes only these.
    given: frozenset[str] = frozenset()
    # Where the record starts in its file, for reports.
    line: int = 0
    # The bytes ``sha256`` was taken of, kept by ``ingest.originals``.
    original: bytes = b""


def parse_date(value) -> tuple[datetime.date | None, str]:
    """A date and its precision from YYYY, YYYY-MM or YYYY-MM-DD; empty means unknown.

    >>> parse_date("2020-03")
    (datetime.date(2020, 3, 1), 'month')
    """
    if value in (None, ""):
        return None, Statement.DatePrecision.UNKNOWN
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        raise InvalidField(f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise InvalidField(f"'date' {text!r} is not a real date ({exc})") from exc
    precision = "day" if day else "month" if month else "year"
    return date, precision


def text_list(name: str, value) -> list[str]:
    """A list field: a JSON list, or a CSV cell with items separated by ';' or '|'."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        items = re.split(r"[;|]", value)
    elif isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        items = [str(v) for v in value]
    else:
        raise InvalidField(f"'{name}' must be a list of names, got {value!r}")
    return list(dict.fromkeys(item.strip() for item in items if item.strip()))


def text_value(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidField(f"'{name}' must be text, got {type(value).__name__}")
    value = value.strip()
    limit = TEXT_LIMITS.get(name)
    if limit and len(value) > limit:
        raise InvalidField(
            f"'{name}' is {len(value)} characters long; the limit is {limit}"
        )
    return value


def url_value(name: str, value) -> str:
    url = text_value(name, value)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise InvalidField(
                f"'{name}' must be an http(s) URL, got {url[:100]!r}"
            ) from exc
    return url


def type_code(value) -> str:
    """A type's code: ``"Press release"`` → ``press_release``; Arabic kept."""
    text = text_value("type", value) or "statement"
    return slugify(text, allow_unicode=True).replace("-", "_")[:50] or "other"


def choice(name: str, value, allowed, default: str) -> str:
    text = text_value(name, value).lower() or default
    if text not in allowed:
        raise InvalidField(
            f"'{name}' must be one of {', '.join(allowed)}, got {text!r}"
        )
    return text


def sha256_value(value) -> str:
    """The fingerprint a record gives of its original as first received (the
    bytes of a .txt file, the UTF-8 body of a JSON Lines or CSV record), as an
    export writes it: the statement keeps it, and is matched by it, instead of
    the hash of what this file holds. Empty when the record gives none."""
    text = text_value("sha256", value)
    if text and not _SHA256.match(text):
        raise InvalidField(
            "'sha256' must be 64 lowercase hexadecimal digits (the SHA-256 of the "
            f"original as first received), got {text[:80]!r}"
        )
    return text


def status_and_reason(fields: dict, default_status: str) -> dict:
    """The status, and the reason of a retraction (given only with "retracted")."""
    status = choice(
        "status", fields.get("status"), Statement.Status.values, default_status
    )
    reason = text_value("retraction_reason", fields.get("retraction_reason"))
    if reason and status != Statement.Status.RETRACTED:
        raise InvalidField(
            f"'retraction_reason' is given but 'status' is {status!r}: "
            'give "status": "retracted" with it, or leave the reason out'
        )
    return {"status": status, "retraction_reason": reason}


def refuse_nul(fields: dict) -> None:
    """No NUL character (U+0000) in any field: PostgreSQL cannot store one in
    text, so an archive that held one on SQLite could not move to it."""
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            raise InvalidField(
                f"'{name}' holds a NUL character (U+0000), which a statement "
                "may not hold: remove it"
            )


def clean_fields(fields: dict, default_status: str) -> dict:
    unknown = sorted(set(fields) - KNOWN_FIELDS)
    if unknown:
        raise InvalidField(
            f"unknown field {unknown[0]!r}; "
            f"the fields are {', '.join(sorted(KNOWN_FIELDS))}"
        )
    refuse_nul(fields)
    body = fields.get("body")
    if not isinstance(body, str) or not body.strip():
        raise InvalidField("'body' is missing or empty: a statement needs its text")
    title = (
        text_value("title", fields.get("title")) or body.strip().splitlines()[0][:200]
    )
    date, precision = parse_date(fields.get("date"))
    language = text_value("language", fields.get("language")) or "ar"
    if not _LANGUAGE.match(language):
        raise InvalidField(
            f"'language' must be a language code such as ar, en or ku, got {language!r}"
        )
    return {
        "title": title,
        "body": body,
        "date_issued": date,
        "date_precision": precision,
        "language": language,
        "type": type_code(fields.get("type")),
        **status_and_reason(fields, default_status),
        "sha256": sha256_value(fields.get("sha256")),
        "external_id": text_value("external_id", fields.get("external_id")) or None,
        "source_url": url_value("source_url", fields.get("source_url")),
        "archived_url": url_value("archived_url", fields.get("archived_url")),
        **{
            name: text_value(name, fields.get(name))
            for name in ("issuer", "source", "author", "editorial_note")
        },
        **{name: text_list(name, fields.get(name)) for name in LIST_FIELDS},
    }


def clean_record(raw: RawRecord, default_status: str) -> StatementRecord | RecordError:
    """Validate one raw record; the error names the file, the line and what to fix."""
    try:
        cleaned = clean_fields(raw.fields, default_status)
    except InvalidField as exc:
        return RecordError(raw.path, raw.line, str(exc))
    original = raw.original or cleaned["body"].encode("utf-8")
    normalized_body, stems = normalized_and_stems(cleaned["body"])
    return StatementRecord(
        sha256=cleaned.pop("sha256") or sha256_hex(original),
        normalized_hash=normalized_fingerprint(normalized_body),
        normalized_body=normalized_body,
        stems=joined_stems([*word_stems(cleaned["title"]), *stems]),
        given=frozenset(raw.fields) & KNOWN_FIELDS,
        line=raw.line,
        original=original,
        **cleaned,
    )
