"""The API's shapes (pydantic, through django-ninja): what each endpoint takes
and returns, and so what ``/api/v1/openapi.json`` documents.

The responses are built as dicts by ``records.py``; ninja checks each against
its schema on the way out, so the document cannot drift from the code.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PAGE_SIZES = Field(50, ge=1, le=100, description="Records per page (1-100).")


class Error(Schema):
    error: str = Field(description="What is wrong, and what to send instead.")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="The messages of each bad parameter."
    )


class Name(Schema):
    id: int
    name_ar: str
    name_en: str


class Issuer(Name):
    url: str = Field(description="The issuer's page on the site.")


class TagRef(Schema):
    id: int
    name: str


class TypeRef(Schema):
    code: str
    name_ar: str
    name_en: str


class Original(Schema):
    url: str = Field(description="The bytes as received; their SHA-256 is `sha256`.")
    size: int = Field(description="In bytes.")


class Arrival(Schema):
    at: datetime.datetime
    via: str = Field(
        description="How it came in: import command, admin upload, typed in the admin."
    )
    file_name: str
    file_sha256: str = Field(description="SHA-256 of the whole file it came in.")
    format: str
    line: int | None
    importer_version: str
    sha256: str = Field(description="SHA-256 of the statement's original bytes.")


class Edit(Schema):
    at: datetime.datetime
    fields: list[str] = Field(description="The fields the change touched.")
    by_import: bool = Field(description="Made by a re-import rather than a curator.")


class Custody(Schema):
    received: list[Arrival]
    published_at: datetime.datetime | None
    edits: list[Edit]
    retracted_at: datetime.datetime | None


class StatementRecord(Schema):
    id: int
    url: str = Field(description="The permanent URL of its page.")
    api_url: str
    title: str
    body: str = Field(description="The text exactly as published.")
    language: str = Field(description="Language code, e.g. ar, en, ku.")
    direction: Literal["rtl", "ltr"]
    type: TypeRef
    issuer: Issuer | None
    date: str | None = Field(
        description="As precisely as known: 2020, 2020-03 or 2020-03-15; "
        "null if undated."
    )
    date_precision: Literal["day", "month", "year", "unknown"]
    places: list[Name]
    actors: list[Name]
    tags: list[TagRef]
    author: str
    source: str
    source_url: str
    archived_url: str
    external_id: str | None
    editorial_note: str
    status: Literal["published", "retracted"]
    retraction_reason: str = Field(description="Why it was retracted; empty if not.")
    sha256: str = Field(description="SHA-256 of the original as received.")
    original: Original | None = Field(
        description="The original bytes; null where they were not kept."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime


class FullStatementRecord(StatementRecord):
    custody: Custody = Field(
        description="When and how it was received, published, edited, retracted."
    )


class StatementPage(Schema):
    results: list[StatementRecord]
    next: str | None = Field(description="The next page's URL; null on the last.")


class Change(Schema):
    id: int = Field(description="The statement's id.")
    change: Literal["published", "updated", "retracted", "removed"]
    changed_at: datetime.datetime
    api_url: str | None = Field(description="Its record; null once removed.")


class ChangePage(Schema):
    until: datetime.datetime = Field(
        description="Every change up to this time is listed (on the last page): "
        "the `since` of your next visit."
    )
    results: list[Change]
    next: str | None


class Entity(Name):
    kind: str
    parent: int | None
    aliases: list[str]
    url: str


class EntityPage(Schema):
    results: list[Entity]
    next: str | None


class Tag(TagRef):
    url: str


class TagPage(Schema):
    results: list[Tag]
    next: str | None


class StatementFilters(Schema):
    """The search page's filters; each may be given several times (any of them)."""

    issuer: list[str] = Field(
        default_factory=list, description="Issuer: id or any of its names."
    )
    type: list[str] = Field(default_factory=list, description="Type code or name.")
    tag: list[str] = Field(default_factory=list, description="Tag name.")
    place: list[str] = Field(default_factory=list, description="Place: id or name.")
    lang: list[str] = Field(default_factory=list, description="Language code.")
    date_from: str | None = Field(
        None, pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    date_to: str | None = Field(
        None, pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    updated_since: datetime.datetime | None = Field(
        None, description="Only statements updated after this time (ISO 8601)."
    )
    cursor: str | None = Field(None, description="From the previous page's `next`.")
    page_size: int = PAGE_SIZES


class ChangeParams(Schema):
    since: datetime.datetime | None = Field(
        None, description="Changes after this time (ISO 8601); all if absent."
    )
    cursor: str | None = Field(None, description="From the previous page's `next`.")
    page_size: int = Field(100, ge=1, le=1000, description="Changes per page.")


class ListParams(Schema):
    cursor: str | None = Field(None, description="From the previous page's `next`.")
    page_size: int = PAGE_SIZES
