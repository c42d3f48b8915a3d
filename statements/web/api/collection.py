"""The collection: ``/statements/<id>``, ``/statements``, ``/changes``, and the
names (``/actors``, ``/places``, ``/tags``), paginated by keyset cursors.

Statements are listed by id, so that one added while a client pages through
comes at the end; changes by (time, statement), as the change log keeps them.
"""

import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.http import urlencode
from ninja import Path as PathParam
from ninja import Query, Router

from ...models import Actor, Place, PublicChange, Statement, Tag, settled_until
from ...search import (
    FilterError,
    SearchRequest,
    database_condition,
    database_ids,
    parse_date_bound,
)
from . import schemas
from .cursors import make_cursor, position
from .errors import BadRequest
from .records import (
    change_record,
    entity_record,
    full_statement_record,
    public_statements,
    statement_record,
    tag_record,
)

router = Router(tags=["collection"])
ERRORS = {400: schemas.Error}


def next_url(request: HttpRequest, cursor: str) -> str:
    """This request's URL with ``cursor`` in place of its own."""
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{urlencode(params, doseq=True)}")


def aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A time in UTC; one without a zone is read as UTC. In UTC because
    PostgreSQL refuses offsets beyond 16 hours, which ISO 8601 allows; a time
    past the years Python holds, once in UTC, is the first or last it holds."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        edge = datetime.datetime.min if moment.year == 1 else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


@router.get(
    "/statements/{pk}",
    response={200: schemas.FullStatementRecord, 404: schemas.Error, **ERRORS},
    url_name="statement",
    summary="One public statement",
)
def statement(request, pk: int = PathParam(..., ge=1)):
    """The whole public record; a retracted statement with its reason. Drafts and
    statements in review are 404, as on the site."""
    found = public_statements().filter(pk=pk).first()
    if found is None:
        raise Http404(f"No public statement has the id {pk}.")
    return full_statement_record(found, request.build_absolute_uri)


def date_bound(name: str, value: str | None, end: bool):
    if value is None:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError as exc:
        raise BadRequest(name, f"{value!r} is not a date: {exc}") from exc


def filtered(filters: schemas.StatementFilters):
    """The public statements the filters select, and the issuers they name."""
    request = SearchRequest(
        issuer=tuple(filters.issuer),
        type=tuple(filters.type),
        tag=tuple(filters.tag),
        place=tuple(filters.place),
        lang=tuple(filters.lang),
        date_from=date_bound("date_from", filters.date_from, end=False),
        date_to=date_bound("date_to", filters.date_to, end=True),
    )
    try:
        found = database_ids(request)
    except FilterError as exc:
        raise BadRequest(exc.name, str(exc)) from exc
    statements = public_statements().filter(database_condition(request, found))
    since = aware(filters.updated_since)
    if since is not None:
        statements = statements.filter(pk__in=PublicChange.objects.ids_since(since))
    return statements, found.get("issuer", {None})


@router.get(
    "/statements",
    response={200: schemas.StatementPage, **ERRORS},
    url_name="statements",
    summary="Public statements, filtered",
)
def statements(request, filters: Query[schemas.StatementFilters]):
    """The collection with the search page's filters, oldest id first; follow
    `next` for the following page (a statement added meanwhile comes last)."""
    (after,) = position("statements", filters.cursor, [0])
    statements, issuers = filtered(filters)
    rows = public_page_after(statements, issuers, after, filters.page_size)
    return keyset_page(request, rows, "statements", filters.page_size, statement_record)


@router.get(
    "/changes",
    response={200: schemas.ChangePage, **ERRORS},
    url_name="changes",
    summary="What changed in public view since a time",
)
def changes(request, params: Query[schemas.ChangeParams]):
    """Each statement published, updated, retracted or removed from public view
    after `since`, once, with its latest change, oldest change first. Removed
    statements stay listed as removed: a mirror deletes them. Call again with
    `since` = the last page's `until` to stay equal to the archive."""
    since = aware(params.since)
    start = since or datetime.datetime.min.replace(tzinfo=datetime.UTC)
    when, after = position("changes", params.cursor, [start.isoformat(), 0])
    until = settled_until()
    rows = list(
        PublicChange.objects.after(datetime.datetime.fromisoformat(when), after)
        .filter(changed_at__lte=until)
        .in_order()[: params.page_size + 1]
    )
    more = len(rows) > params.page_size
    rows = rows[: params.page_size]
    absolute = request.build_absolute_uri
    last = rows[-1] if more else None
    return {
        "until": until,
        "results": [change_record(row, since, absolute) for row in rows],
        "next": last
        and next_url(
            request, make_cursor("changes", last.changed_at, last.statement_id)
        ),
    }


def by_id(request, kind: str, queryset, params, record) -> dict:
    """A page of ``queryset`` by id, after the cursor's."""
    (after,) = position(kind, params.cursor, [0])
    size = params.page_size
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: size + 1])
    return keyset_page(request, rows, kind, size, record)


def public_page_after(queryset, issuers: set, after: int, size: int) -> list:
    """The first ``size`` + 1 statements of ``queryset`` after id ``after``,
    read one status (and one issuer, when the filter names some) at a time.

    With ``status IN (published, retracted)``, or an issuer and its parts,
    SQLite reads every matching row after ``after`` to sort them by id (120 ms
    a page at 31,523 statements, 122 ms of CPU for the largest issuer at
    315,000); each (status, issuer) alone reads an index in id order and stops.
    ``issuers`` is ``{None}`` when no issuer is named.
    """
    ids = sorted(
        pk
        for status in Statement.PUBLIC_STATUSES
        for issuer in issuers
        for pk in queryset.filter(status=status, pk__gt=after)
        .filter(**({} if issuer is None else {"issuer_id": issuer}))
        .order_by("pk")
        .values_list("pk", flat=True)[: size + 1]
    )[: size + 1]
    return queryset.in_order(ids)


def keyset_page(request, rows: list, kind: str, size: int, record) -> dict:
    """A page of ``rows`` (``size`` + 1 read, to know whether more follow)."""
    more = len(rows) > size
    rows = rows[:size]
    absolute = request.build_absolute_uri
    return {
        "results": [record(item, absolute) for item in rows],
        "next": next_url(request, make_cursor(kind, rows[-1].pk)) if more else None,
    }


@router.get(
    "/actors",
    response={200: schemas.EntityPage, **ERRORS},
    url_name="actors",
    summary="Actors (issuers and those named) with their aliases",
)
def actors(request, params: Query[schemas.ListParams]):
    queryset = Actor.objects.prefetch_related("aliases")
    return by_id(request, "actors", queryset, params, entity_record)


@router.get(
    "/places",
    response={200: schemas.EntityPage, **ERRORS},
    url_name="places",
    summary="Places with their aliases",
)
def places(request, params: Query[schemas.ListParams]):
    queryset = Place.objects.prefetch_related("aliases")
    return by_id(request, "places", queryset, params, entity_record)


@router.get(
    "/tags",
    response={200: schemas.TagPage, **ERRORS},
    url_name="tags",
    summary="Tags",
)
def tags(request, params: Query[schemas.ListParams]):
    return by_id(request, "tags", Tag.objects.all(), params, tag_record)
