"""HTML pages: thin views over the Statement QuerySets and the search service.

Public pages show published statements (retracted ones keep their page, with
the notice); drafts and statements in review are 404 for the public, and a
preview marked "not public" for staff. The list pages read the index; while
it cannot be read, ``fallback`` serves them from the database.
"""

import dataclasses
import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from ..formats.jsonld import script_json, statement_jsonld
from ..models import Actor, Place, Statement, Tag
from ..search import (
    IndexUnreadable,
    QueryTerms,
    marked_paragraphs,
    marked_text,
    matched_terms,
    more_like_this,
    search,
    with_descendants,
)
from ..search.listing import Listed, listed, summary, value_counts, years
from . import fallback
from .downloads import citation_text, citation_url
from .fallback import index_or_database
from .forms import SearchForm, last_page
from .provenance import custody_context
from .public_lists import LATEST, PAGE_SIZE
from .results import facet_groups, filter_chips
from .timeline import Timeline

MAIN_ISSUERS = 10
# Public pages may be kept by browsers and proxies this long (seconds).
PUBLIC_MAX_AGE = 300

public_page = cache_control(public=True, max_age=PUBLIC_MAX_AGE)


def published():
    return Statement.objects.published().select_related("issuer", "type")


class BoundedPaginator(Paginator):
    """Pages no deeper than ``ARCHIVE_MAX_RESULTS`` items: a page number past
    the last one shows the last one, as Django's ``get_page`` does."""

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, last_page(self.per_page))


def page_of(request, items, size: int = PAGE_SIZE):
    return BoundedPaginator(items, size).get_page(request.GET.get("page"))


def listing(request, statements: Listed) -> dict:
    """A page of ``statements`` and the timeline of them all."""
    return {
        "page": page_of(request, statements),
        "timeline": Timeline.of(statements.months()),
    }


def entity(request, obj, statements: Listed) -> dict:
    """What an actor's or a place's page shows: names, parts, statements."""
    context = {"names": obj.names(), "children": obj.children.all()}
    return context | listing(request, statements)


def with_counts(actors: list[tuple[str, int]]) -> list[Actor]:
    """The actors of (id, count) pairs, in that order, each with its count."""
    found = Actor.objects.in_bulk([int(pk) for pk, _ in actors])
    for pk, count in actors:
        if int(pk) in found:
            found[int(pk)].published_count = count
    return [found[int(pk)] for pk, _ in actors if int(pk) in found]


def issuers_by_count() -> list[tuple[str, int]]:
    """(actor id, published statements) of every issuer, the most prolific
    first, then by name (the names of issuers only: one small query)."""
    counts = value_counts("issuer")
    names = Actor.objects.filter(pk__in=[int(pk) for pk in counts]).values_list(
        "pk", "name_ar", "name_en"
    )
    name_of = {str(pk): (ar, en) for pk, ar, en in names}
    known = [(pk, n) for pk, n in counts.items() if pk in name_of]
    return sorted(known, key=lambda item: (-item[1], name_of[item[0]]))


@index_or_database(fallback.home)
@public_page
def home(request):
    numbers = summary()
    context = {
        "count": numbers.count,
        "issuer_count": numbers.issuers,
        "place_count": numbers.places,
        "first_year": numbers.first_year,
        # The newest ids are the latest additions: read backwards on the key.
        "latest": published().order_by("-pk")[:LATEST],
        "issuers": with_counts(issuers_by_count()[:MAIN_ISSUERS]),
        "timeline": Timeline.of(numbers.months),
        "form": SearchForm(),
    }
    return render(request, "statements/home.html", context)


@public_page
def search_page(request):
    """Results for a query, filters and sort, every bit of it in the URL."""
    return results_page(
        request, "statements/search.html", sort="relevance", needs_input=True
    )


@index_or_database(fallback.statement_list)
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
        "pages": min(response.pages, last_page(PAGE_SIZE)) if response else 1,
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
    terms = searched_terms(request)
    context = {
        "statement": statement,
        "preview": preview,
        "title_marked": marked_text(statement.title, terms),
        "paragraphs": marked_paragraphs(statement.body, terms),
        "q": request.GET.get("q", ""),
        # Lists: the page and its JSON-LD show them, read once.
        "places": (places := list(statement.places.all())),
        "tags": (tags := list(statement.tags.all())),
        "actors": statement.actors.all(),
        "related": related_statements(statement),
        "previous": previous,
        "next": following,
        # Cited and linked at /statements/<id>/: the slug may change with the title.
        "permalink": (permalink := citation_url(request, statement)),
        "citation": citation_text(statement, permalink),
        "jsonld": None if preview else jsonld(request, statement, tags, places),
        **custody_context(statement),
    }
    return render(request, "statements/statement_detail.html", context)


def related_statements(statement: Statement) -> list:
    """Similar statements from the index; none while it cannot be read (the
    statement's page comes from the database and is served all the same)."""
    try:
        return more_like_this(statement)
    except IndexUnreadable:
        return []


def jsonld(request, statement: Statement, tags, places) -> SafeString:
    """The statement's schema.org JSON-LD for its page's script block: escaped
    by ``script_json`` so that no text can end the block."""
    url = citation_url(request, statement)
    data = statement_jsonld(statement, url, request.build_absolute_uri, tags, places)
    return mark_safe(script_json(data))


def searched_terms(request) -> QueryTerms:
    """The words to mark when the reader comes from a search (``?q=`` on the link)."""
    q = request.GET.get("q", "")
    return matched_terms(q) if q.strip() else QueryTerms()


@index_or_database(fallback.actor_list)
@public_page
def actor_list(request):
    page = page_of(request, issuers_by_count(), 50)
    page.object_list = with_counts(page.object_list)
    return render(request, "statements/actor_list.html", {"page": page})


@index_or_database(fallback.actor_detail)
@public_page
def actor_detail(request, pk: int):
    actor = get_object_or_404(Actor.objects.select_related("parent"), pk=pk)
    issued = listed("issuer", with_descendants(Actor, {actor.pk}))
    context = entity(request, actor, issued) | {
        "actor": actor,
        "naming": listed("actors", [actor.pk]).without(issued)[:10],
    }
    return render(request, "statements/actor_detail.html", context)


@index_or_database(fallback.place_detail)
@public_page
def place_detail(request, pk: int):
    place = get_object_or_404(Place.objects.select_related("parent"), pk=pk)
    statements = listed("places", with_descendants(Place, {place.pk}))
    context = entity(request, place, statements) | {"place": place}
    return render(request, "statements/place_detail.html", context)


@index_or_database(fallback.tag_detail)
@public_page
def tag_detail(request, pk: int):
    tag = get_object_or_404(Tag, pk=pk)
    context = listing(request, listed("tags", [tag.pk])) | {"tag": tag}
    return render(request, "statements/tag_detail.html", context)


@index_or_database(fallback.archive_period)
@public_page
def archive_period(request, year: int, month: int | None = None):
    """The statements of a year or of a month, by date; a year shows its months.

    A month lists the statements dated to that month or one of its days; a
    year, every statement dated within it (to the year, month or day).
    """
    try:
        start = datetime.date(year, month or 1, 1)
    except ValueError as exc:
        raise Http404(_("No such month.")) from exc
    if month is None:
        statements = listed("year", [year], newest=False)
    else:
        statements = listed("month", [start.strftime("%Y-%m")], newest=False)
    context = {
        "year": year,
        "month": month,
        "start": start,
        "page": page_of(request, statements),
        "months": [(m, int(m[5:]), n) for m, n in statements.months()]
        if month is None
        else [],
        "years": years(),
    }
    return render(request, "statements/archive_period.html", context)
