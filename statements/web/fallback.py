"""The list pages from the database while the search index cannot be read.

The home page, browse, the issuers, an actor's, a place's and a tag's page,
a year's and a month's read their lists and counts from the index, so that a
page costs what it shows. When the index is deleted or damaged
(``IndexUnreadable``), ``index_or_database`` serves the page's database
version instead: the same template, its statements from ``public_lists``
(the latest additions first, or a period's by date; a page after the last
one shown), without the counts, timelines and facets only the index gives
cheaply, with a notice that search is being repaired: 200, never cached, so
that the full page is back with the index. Search, and browse with words or
filters (a search), keep their 503 (``unavailable``).

    @index_or_database(fallback.tag_detail)
    @public_page
    def tag_detail(request, pk): …            # the index's version
"""

import datetime
import functools

from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from ..models import Actor, Place, Tag
from ..search import IndexUnreadable, with_descendants
from .forms import SearchForm
from .public_lists import (
    LATEST,
    every_public,
    issued_by,
    issuers_page,
    linked_to,
    of_month,
    of_year,
)
from .unavailable import index_unreadable, unavailable_message

# Parameters of browse that list without searching; any other is a search.
LISTING_PARAMETERS = {"page", "after", "sort"}


def index_or_database(database_version):
    """The view as it is; while the index cannot be read, the page that
    ``database_version(request, *args)`` describes as (template, context), or
    the 503 when it returns None (the page cannot do without the index)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except IndexUnreadable as exc:
                unreadable = exc
            served = database_version(request, *args, **kwargs)
            if served is None:
                # Logged with the 503 by unavailable.IndexUnavailableMiddleware.
                raise unreadable
            index_unreadable(unreadable)
            return degraded_page(request, *served)

        return wrapped

    return decorator


def degraded_page(request, template: str, context: dict):
    """The page with the notice; 400 when its ``after`` was no position (the
    list is shown from its start, saying why)."""
    page = context.get("page")
    status = 400 if page is not None and page.error else 200
    notice = {"index_fallback": True, "index_message": unavailable_message()}
    response = render(request, template, context | notice, status=status)
    # A page without its counts must not be kept by a browser or a proxy.
    add_never_cache_headers(response)
    return response


def after(request) -> str | None:
    """The key the page starts after (``?after=``, from a «Next page» link)."""
    return request.GET.get("after") or None


def described(entity) -> dict:
    return {"names": entity.names(), "children": entity.children.all()}


def home(request):
    latest = every_public().page(None, LATEST).object_list
    return "statements/home.html", {"latest": latest, "form": SearchForm()}


def statement_list(request):
    asked = {k for k, v in request.GET.items() if v and k not in LISTING_PARAMETERS}
    if asked or request.GET.get("sort", "newest") not in {"", "newest"}:
        return None
    page = every_public().page(after(request))
    return "statements/statement_list.html", {"page": page}


def actor_list(request):
    return "statements/actor_list.html", {"page": issuers_page(after(request))}


def actor_detail(request, pk: int):
    actor = get_object_or_404(Actor.objects.select_related("parent"), pk=pk)
    issued = issued_by(with_descendants(Actor, {actor.pk}))
    context = described(actor) | {"actor": actor, "page": issued.page(after(request))}
    return "statements/actor_detail.html", context


def place_detail(request, pk: int):
    place = get_object_or_404(Place.objects.select_related("parent"), pk=pk)
    about = linked_to("places", with_descendants(Place, {place.pk}))
    context = described(place) | {"place": place, "page": about.page(after(request))}
    return "statements/place_detail.html", context


def tag_detail(request, pk: int):
    tag = get_object_or_404(Tag, pk=pk)
    page = linked_to("tags", {tag.pk}).page(after(request))
    return "statements/tag_detail.html", {"tag": tag, "page": page}


def archive_period(request, year: int, month: int | None = None):
    """A year's or a month's statements by date; a year links its twelve
    months, without their counts. (The index's version has checked the date.)"""
    start = datetime.date(year, month or 1, 1)
    statements = of_year(year) if month is None else of_month(start)
    months = [(f"{year:04d}-{m:02d}", m, None) for m in range(1, 13)]
    context = {
        "year": year,
        "month": month,
        "start": start,
        "page": statements.page(after(request)),
        "months": months if month is None else [],
        "years": [],
    }
    return "statements/archive_period.html", context
