"""HTML pages: thin views over the Statement QuerySets and the search service.

Public pages show published statements (retracted ones keep their page, with
the notice); drafts and statements in review are 404 for the public, and a
preview marked "not public" for staff.
"""

import dataclasses
import datetime

from django.core.paginator import Paginator
from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from ..models import Actor, Place, Statement, Tag
from ..search import (
    QueryTerms,
    marked_paragraphs,
    matched_terms,
    more_like_this,
    search,
    with_descendants,
)
from .downloads import citation_text, citation_url
from .forms import SearchForm
from .results import facet_groups, filter_chips
from .timeline import Timeline

PAGE_SIZE = 20
LATEST = 8
MAIN_ISSUERS = 10
# Public pages may be kept by browsers and proxies this long (seconds).
PUBLIC_MAX_AGE = 300

public_page = cache_control(public=True, max_age=PUBLIC_MAX_AGE)


def published():
    return Statement.objects.published().select_related("issuer", "type")


def page_of(request, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def listing(request, statements) -> dict:
    """A page of ``statements`` and the timeline of them all."""
    return {
        "page": page_of(request, statements),
        "timeline": Timeline.of(statements.per_month()),
    }


def entity(request, obj, statements) -> dict:
    """What an actor's or a place's page shows: names, parts, statements."""
    context = {"names": obj.names(), "children": obj.children.all()}
    return context | listing(request, statements)


@public_page
def home(request):
    statements = Statement.objects.published()
    first = statements.in_period(None, None).aggregate(first=Min("date_issued"))
    context = {
        "count": statements.count(),
        "issuer_count": Actor.objects.issuers().count(),
        "place_count": Place.objects.filter(statements__in=statements)
        .distinct()
        .count(),
        "first_date": first["first"],
        "latest": published().order_by("-created_at", "-pk")[:LATEST],
        "issuers": Actor.objects.issuers()[:MAIN_ISSUERS],
        "timeline": Timeline.of(statements.per_month()),
        "form": SearchForm(),
    }
    return render(request, "statements/home.html", context)


@public_page
def search_page(request):
    """Results for a query, filters and sort, every bit of it in the URL."""
    return results_page(
        request, "statements/search.html", sort="relevance", needs_input=True
    )


@public_page
def statement_list(request):
    """Every published statement, newest first, to filter like the results."""
    return results_page(request, "statements/statement_list.html", sort="newest")


def results_page(request, template: str, sort: str, needs_input: bool = False):
    """The results of the request's search; with ``needs_input``, none until the
    reader gives words or filters (the search page opens on its help)."""
    form = SearchForm(request.GET)
    response, groups = None, []
    given = any(v for k, v in request.GET.items() if k not in {"sort", "page"})
    if form.is_valid() and (given or not needs_input):
        wanted = form.search_request(PAGE_SIZE)
        if not request.GET.get("sort"):
            wanted.sort = sort
        response = search(dataclasses.replace(wanted, timeline=True))
        groups = facet_groups(response)
    context = {
        "form": form,
        "response": response,
        "groups": groups,
        "chips": filter_chips(response, groups) if response else [],
        "timeline": Timeline.of(response.months) if response else None,
        "q": request.GET.get("q", ""),
        "first_number": (response.request.page - 1) * PAGE_SIZE + 1 if response else 1,
    }
    return render(request, template, context)


def statement_detail(request, pk: int, slug: str = ""):
    """A statement's page. Drafts and statements in review are 404 for the
    public; staff who may view statements see them, marked as not public and
    never cached."""
    statement = get_object_or_404(
        Statement.objects.select_related("issuer", "type"), pk=pk
    )
    public = statement.status in Statement.PUBLIC_STATUSES
    if not public and not may_preview(request.user):
        raise Http404(_("No such statement."))
    if slug != statement.slug:
        # An old or mistyped slug still finds the statement, at its one canonical
        # URL; the searched words (?q=) go along.
        query = request.GET.urlencode()
        url = statement.get_absolute_url() + (f"?{query}" if query else "")
        return redirect(url, permanent=public)
    response = render_statement(request, statement, preview=not public)
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def may_preview(user) -> bool:
    return user.is_staff and user.has_perm("statements.view_statement")


def render_statement(request, statement: Statement, preview: bool):
    previous, following = published().adjacent(statement)
    context = {
        "statement": statement,
        "preview": preview,
        "paragraphs": marked_paragraphs(statement.body, searched_terms(request)),
        "q": request.GET.get("q", ""),
        "places": statement.places.all(),
        "tags": statement.tags.all(),
        "actors": statement.actors.all(),
        "related": more_like_this(statement),
        "previous": previous,
        "next": following,
        # Cited and linked at /statements/<id>/: the slug may change with the title.
        "permalink": (permalink := citation_url(request, statement)),
        "citation": citation_text(statement, permalink),
    }
    return render(request, "statements/statement_detail.html", context)


def searched_terms(request) -> QueryTerms:
    """The words to mark when the reader comes from a search (``?q=`` on the link)."""
    q = request.GET.get("q", "")
    return matched_terms(q) if q.strip() else QueryTerms()


@public_page
def actor_list(request):
    page = page_of(request, Actor.objects.issuers(), 50)
    return render(request, "statements/actor_list.html", {"page": page})


@public_page
def actor_detail(request, pk: int):
    actor = get_object_or_404(Actor.objects.select_related("parent"), pk=pk)
    ids = with_descendants(Actor, {actor.pk})
    statements = published().filter(issuer__in=ids)
    context = entity(request, actor, statements) | {
        "actor": actor,
        "naming": published().filter(actors=actor).exclude(issuer__in=ids)[:10],
    }
    return render(request, "statements/actor_detail.html", context)


@public_page
def place_detail(request, pk: int):
    place = get_object_or_404(Place.objects.select_related("parent"), pk=pk)
    ids = with_descendants(Place, {place.pk})
    statements = published().filter(places__in=ids).distinct()
    context = entity(request, place, statements) | {"place": place}
    return render(request, "statements/place_detail.html", context)


@public_page
def tag_detail(request, pk: int):
    tag = get_object_or_404(Tag, pk=pk)
    statements = published().filter(tags=tag)
    context = listing(request, statements) | {"tag": tag}
    return render(request, "statements/tag_detail.html", context)


@public_page
def archive_period(request, year: int, month: int | None = None):
    """The statements of a year or of a month, by date; a year shows its months."""
    try:
        start = datetime.date(year, month or 1, 1)
    except ValueError as exc:
        raise Http404(_("No such month.")) from exc
    end = (
        datetime.date(year, 12, 31)
        if month is None
        else (start + datetime.timedelta(days=32)).replace(day=1)
        - datetime.timedelta(days=1)
    )
    statements = published().in_period(start, end).order_by("date_issued", "pk")
    if month is not None:
        statements = statements.exclude(date_precision=Statement.DatePrecision.YEAR)
    context = {
        "year": year,
        "month": month,
        "start": start,
        "page": page_of(request, statements),
        "months": [(m, int(m[5:]), n) for m, n in statements.per_month()]
        if month is None
        else [],
        "years": Statement.objects.published().dates("date_issued", "year"),
    }
    return render(request, "statements/archive_period.html", context)
