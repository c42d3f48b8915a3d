"""Which public statements a dump holds, read from the database a chunk at a time.

    selection = parse_selection({"issuer": ["قسد"], "date_from": "2020"})
    for chunk in in_chunks(selected(selection)):
        ...                      # at most CHUNK statements, relations prefetched

The filters are the search page's (issuer, type, tag, place, language, date
range, with the same lookups: an issuer by id or any of its names, its parts
included) plus ``updated_since``, applied to the database rather than the
index: a dump is the archive's record, and the index is only a cache of it.
Statements are read in keyset order (``pk > last``), so memory does not grow
with the archive and statements added meanwhile neither shift nor repeat rows.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models import CHUNK, PublicChange, Statement
from ..search import FilterError, database_filter, parse_date_bound

# The search page's filters, as a selection names them.
FILTERS = ("issuer", "type", "tag", "place", "lang")


class SelectionError(ValueError):
    """An option that selects nothing or cannot be read; the message says which."""


@dataclass(frozen=True)
class Selection:
    issuer: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    updated_since: datetime.datetime | None = None


def date_option(name: str, value: str | None, end: bool) -> datetime.date | None:
    if not value:
        return None
    try:
        return parse_date_bound(value.strip(), end=end)
    except ValueError as exc:
        raise SelectionError(
            f"--{name.replace('_', '-')}: write a date as YYYY, YYYY-MM or "
            f"YYYY-MM-DD, got {value!r}"
        ) from exc


def datetime_option(value: str | None) -> datetime.datetime | None:
    """An ISO date or date-time; without a zone, UTC (the archive's time zone)."""
    if not value:
        return None
    text = value.strip()
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if day:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise SelectionError(
            "--updated-since: write an ISO date or date-time such as 2024-05-01 "
            f"or 2024-05-01T12:00:00+00:00, got {value!r}"
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def values_option(value) -> tuple[str, ...]:
    """A filter given any number of times (``--issuer A --issuer B``)."""
    values = [value] if isinstance(value, str) else list(value or ())
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def parse_selection(options: dict) -> Selection:
    """The command's options as a ``Selection``; ``SelectionError`` says what to fix."""
    return Selection(
        **{name: values_option(options.get(name)) for name in FILTERS},
        date_from=date_option("date_from", options.get("date_from"), end=False),
        date_to=date_option("date_to", options.get("date_to"), end=True),
        updated_since=datetime_option(options.get("updated_since")),
    )


def selected(selection: Selection | None = None) -> QuerySet:
    """The public statements (published and retracted) the selection names."""
    selection = selection or Selection()
    try:
        condition = database_filter(selection)
    except FilterError as exc:
        raise SelectionError(f"--{exc.name}: {exc} Nothing was exported.") from exc
    statements = Statement.objects.public().filter(condition)
    if selection.updated_since:
        changed = PublicChange.objects.ids_since(selection.updated_since)
        statements = statements.filter(pk__in=changed)
    return statements


def in_chunks(statements: QuerySet, size: int = CHUNK) -> Iterator[list[Statement]]:
    """The statements by id, ``size`` at a time, with what a dump record reads."""
    last = 0
    while True:
        chunk = list(
            statements.filter(pk__gt=last)
            .order_by("pk")
            .select_related("issuer", "type")
            .prefetch_related("places", "actors", "tags")[:size]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk
