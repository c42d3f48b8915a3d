"""Search filters: issuer, type, tag, place, language and dates, as engine queries.

Names are looked up like everything else, through their normalized aliases:
``issuer:قسد``, ``issuer:SDF`` and ``issuer:12`` all name the same actor, and
a filter on an actor or place includes what belongs to it (the SDF's General
Command, the towns of a governorate).
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..arabic import normalized_text
from ..models import Actor, Place, Statement, StatementType, Tag
from . import engine
from .engine import Query

DEPTH = 4  # how many levels of "part of" a filter follows down


class FilterError(ValueError):
    """A filter value that names nothing in the archive; the message says which,
    ``name`` which filter (issuer, type, tag, place, lang)."""

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name


def with_descendants(model, ids: set[int]) -> set[int]:
    found, level = set(ids), set(ids)
    for _level in range(DEPTH):
        level = (
            set(model.objects.filter(parent__in=level).values_list("pk", flat=True))
            - found
        )
        if not level:
            break
        found |= level
    return found


def entity_ids(model, value: str) -> set[int]:
    # An id is ASCII digits: "³".isdigit() is true, and int("³") fails.
    if value.isascii() and value.isdigit():
        ids = set(model.objects.filter(pk=int(value)).values_list("pk", flat=True))
    else:
        ids = set(model.objects.by_alias(value).values_list("pk", flat=True))
    return with_descendants(model, ids) if ids else set()


def type_codes(value: str) -> set[str]:
    key = normalized_text(value.replace("_", " "))
    return {
        t.code
        for t in StatementType.objects.all()
        if key
        in {
            normalized_text(n.replace("_", " ")) for n in (t.code, t.name_ar, t.name_en)
        }
    }


def tag_ids(value: str) -> set[int]:
    key = normalized_text(value)
    return {
        pk
        for pk, name in Tag.objects.values_list("pk", "name")
        if normalized_text(name) == key
    }


LOOKUPS = {
    "issuer": ("issuer", lambda v: entity_ids(Actor, v), gettext_lazy("issuer")),
    "type": ("type", type_codes, gettext_lazy("type")),
    "tag": ("tags", tag_ids, gettext_lazy("tag")),
    "place": ("places", lambda v: entity_ids(Place, v), gettext_lazy("place")),
    "lang": ("language", lambda v: {v.strip().lower()}, gettext_lazy("language")),
}


def value_groups(request, parsed, name: str) -> list[list[str]]:
    """The values a result must match, as groups of alternatives.

    The request's values of a filter are alternatives (checkboxes of one facet);
    each ``name:value`` written in the query is a condition of its own.
    """
    given = [list(getattr(request, name))] if getattr(request, name) else []
    return given + [[value] for value in parsed.filters.get(name, [])]


def day_number(day) -> int | None:
    """A date as the index stores it: 2019-03-15 → 20190315."""
    return int(day.strftime("%Y%m%d")) if day else None


def date_query(request, parsed) -> Query | None:
    start = request.date_from or parsed.date_from
    end = request.date_to or parsed.date_to
    if not start and not end:
        return None
    return engine.date_range(day_number(start), day_number(end))


def filter_queries(request, parsed) -> list[Query]:
    """One query per filter, all of which a result must match."""
    queries = []
    for name, (index_field, lookup, label) in LOOKUPS.items():
        for group in value_groups(request, parsed, name):
            found = set()
            for value in group:
                ids = lookup(value)
                if not ids:
                    raise FilterError(
                        _("No %(what)s is called «%(value)s»; nothing was searched.")
                        % {"what": label, "value": value}
                    )
                found |= ids
            queries.append(
                engine.any_of([engine.term(index_field, str(v)) for v in sorted(found)])
            )
    dates = date_query(request, parsed)
    if dates is not None:
        queries.append(dates)
    return queries


# How each filter reaches the database's statements: tags and places through
# their link tables (a join would repeat a statement per match).
_THROUGH = {
    "tag": (Statement.tags.through, "tag_id"),
    "place": (Statement.places.through, "place_id"),
}
_COLUMNS = {"issuer": "issuer_id__in", "type": "type__code__in", "lang": "language__in"}


def database_ids(request) -> dict[str, set]:
    """What each of the request's issuer, type, tag, place and language filters
    names (ids, codes), looked up as the search does; ``FilterError`` for a
    value that names nothing."""
    found: dict[str, set] = {}
    for name, (_field, lookup, label) in LOOKUPS.items():
        for value in getattr(request, name):
            ids = lookup(value)
            if not ids:
                raise FilterError(
                    _("No %(what)s is called «%(value)s».")
                    % {"what": label, "value": value},
                    name,
                )
            found.setdefault(name, set()).update(ids)
    return found


def database_condition(request, found: dict[str, set]) -> Q:
    """``database_ids``' findings and the request's dates as one condition."""
    condition = Q()
    for name, values in found.items():
        if name in _THROUGH:
            through, column = _THROUGH[name]
            linked = through.objects.filter(**{f"{column}__in": values})
            condition &= Q(pk__in=linked.values("statement_id"))
        else:
            condition &= Q(**{_COLUMNS[name]: values})
    if request.date_from:
        condition &= Q(date_issued__gte=request.date_from)
    if request.date_to:
        condition &= Q(date_issued__lte=request.date_to)
    if request.date_from or request.date_to:
        condition &= ~Q(date_precision=Statement.DatePrecision.UNKNOWN)
    return condition


def database_filter(request) -> Q:
    """The request's issuer, type, tag, place, language and date filters as
    one condition on ``Statement``, names looked up as the search does (the
    API's collection and the dumps read the database, not the index).

    Raises ``FilterError`` for a name that names nothing.
    """
    return database_condition(request, database_ids(request))
