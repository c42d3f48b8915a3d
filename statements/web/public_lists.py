"""Public statements listed from the database a page at a time, for the list
pages while the search index cannot be read (``fallback``).

Pages follow a key (the last statement shown: its id, or its date and id),
never an offset, and nothing is counted: a page deep in a list costs what
the first one does, and as much in a large archive as in a small one. Each
public status (and each issuer of an actor's page) is read on its own, in
the order of an index, and stops after a page; the pieces are merged here.
With ``status IN (published, retracted)`` the database would read and sort
every match (``api.collection.public_page_after`` measured it).

    page = issued_by({12, 15}).page(request.GET.get("after"))
    page.object_list, page.next_after    # [Statement, …], "1234" or None
"""

import calendar
import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from ..models import Actor, Statement

# Statements on a page of any list, index or database.
PAGE_SIZE = 20
# The home page's latest additions.
LATEST = 8
ISSUERS_PAGE_SIZE = 50


class BadPosition(ValueError):
    """``after`` names no position of this list (altered or cut short)."""


def position_error(after: str) -> str:
    return _(
        "«%(after)s» is not a position in this list: follow the «Next page» "
        "link as it is. Here is the list from its start."
    ) % {"after": after[:100]}


def parse_id(after: str) -> int:
    if not after.isdigit() or len(after) > 18:
        raise BadPosition(after)
    return int(after)


class NewestFirst:
    """The latest additions first: the key is the id."""

    fields = ("pk",)
    order = ("-pk",)
    descending = True

    def after(self, key: str) -> Q:
        return Q(pk__lt=parse_id(key))

    def key_of(self, row: tuple) -> str:
        return str(row[0])


class ByDate:
    """The oldest first (statements of a period): the key is the date and the id.

    ``date >= d`` bounds the index range; the ids of that day not yet shown
    are picked from it.
    """

    fields = ("date_issued", "pk")
    order = ("date_issued", "pk")
    descending = False

    def after(self, key: str) -> Q:
        day, _sep, pk = key.partition(".")
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError as exc:
            raise BadPosition(key) from exc
        return Q(date_issued__gte=date) & (
            Q(date_issued__gt=date) | Q(pk__gt=parse_id(pk))
        )

    def key_of(self, row: tuple) -> str:
        return f"{row[0].isoformat()}.{row[1]}"


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list, and the key the next page starts after (None: the
    last page). ``error`` says why a position given was not used."""

    object_list: list
    next_after: str | None
    first: bool
    error: str = ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


@dataclass(frozen=True)
class PublicList:
    """Public statements that meet ``condition``, in ``order``.

    ``parts`` are read one at a time (an issuer each): each then reads the
    (issuer, status, id) index in order, where several issuers at once
    would be sorted.
    """

    condition: Q = field(default_factory=Q)
    parts: tuple[Q, ...] = (Q(),)
    order: NewestFirst | ByDate = field(default_factory=NewestFirst)

    def page(self, after: str | None, size: int = PAGE_SIZE) -> KeysetPage:
        """The ``size`` statements after the key ``after`` (None: the first
        ones); a key that is not one starts from the top, saying so."""
        try:
            start = self.order.after(after) if after else Q()
        except BadPosition:
            top = self.page(None, size)
            return dataclasses.replace(top, error=position_error(after))
        rows = sorted(
            (
                row
                for status in Statement.PUBLIC_STATUSES
                for part in self.parts
                for row in self.rows(status, part & start, size + 1)
            ),
            reverse=self.order.descending,
        )[: size + 1]
        statements = Statement.objects.in_order([row[-1] for row in rows[:size]])
        more = len(rows) > size
        next_after = self.order.key_of(rows[size - 1]) if more else None
        return KeysetPage(statements, next_after, first=not after)

    def rows(self, status: str, condition: Q, limit: int) -> list[tuple]:
        """The keys (ending with the id) of the first ``limit`` statements of
        one status."""
        found = Statement.objects.filter(self.condition, condition, status=status)
        ordered = found.order_by(*self.order.order)
        return list(ordered.values_list(*self.order.fields)[:limit])


def every_public() -> PublicList:
    return PublicList()


def issued_by(actors: set[int]) -> PublicList:
    """Issued by any of ``actors`` (an actor and its parts)."""
    return PublicList(parts=tuple(Q(issuer_id=pk) for pk in sorted(actors)))


# A statement's places and tags, through their link tables (a join would
# repeat a statement linked to two of them).
LINKS = {
    "places": (Statement.places.through, "place_id"),
    "tags": (Statement.tags.through, "tag_id"),
}


def linked_to(relation: str, ids: set[int]) -> PublicList:
    """Linked to any of ``ids`` by ``relation`` (places, tags)."""
    through, column = LINKS[relation]
    linked = through.objects.filter(**{f"{column}__in": ids})
    return PublicList(Q(pk__in=linked.values("statement_id")))


def in_period(first: datetime.date, last: datetime.date, precisions) -> PublicList:
    """Dated from ``first`` to ``last`` (both included), to one of
    ``precisions``, by date."""
    condition = Q(
        date_issued__gte=first, date_issued__lte=last, date_precision__in=precisions
    )
    return PublicList(condition, order=ByDate())


def of_year(year: int) -> PublicList:
    """Dated within ``year``, to the year, the month or the day."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return in_period(first, last, ["year", "month", "day"])


def of_month(first: datetime.date) -> PublicList:
    """Dated to the month that starts on ``first``, or to one of its days."""
    days = calendar.monthrange(first.year, first.month)[1]
    return in_period(first, first.replace(day=days), ["month", "day"])


def issuers_page(after: str | None, size: int = ISSUERS_PAGE_SIZE) -> KeysetPage:
    """Actors that issued a public statement, by id, after the id ``after``.

    Each actor's first public statement is looked up in the (issuer, status,
    id) index, actor after actor until a page is found; nothing is counted.
    A value rather than ``EXISTS``: PostgreSQL turns an ``EXISTS`` into a
    join that reads every public statement for their issuers.
    """
    try:
        start = Q(pk__gt=parse_id(after)) if after else Q()
    except BadPosition:
        top = issuers_page(None, size)
        return dataclasses.replace(top, error=position_error(after))
    issued = Statement.objects.public().filter(issuer_id=OuterRef("pk"))
    first = Subquery(issued.order_by().values("pk")[:1])
    found = Actor.objects.filter(start).alias(first_statement=first)
    found = found.filter(first_statement__isnull=False).order_by("pk")
    actors = list(found[: size + 1])
    more = len(actors) > size
    next_after = str(actors[size - 1].pk) if more else None
    return KeysetPage(actors[:size], next_after, first=not after)
