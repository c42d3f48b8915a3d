"""Atom and RSS feeds (django.contrib.syndication): the whole archive, any search,
each issuer, place and tag.

Thin, like the views: a feed's ``get_object`` asks a QuerySet, the index's
listing or the search service for at most ``FEED_SIZE`` statements and returns
them in a ``Channel``; the base class turns each into an entry. A feed costs
what it shows, never what the archive holds.

The index holds published statements only, so every feed adds its latest
retractions from the database: a retracted statement stays an entry,
updated, its title and summary saying it was retracted and why. A search
feed adds those that its filters select (``search.filters.database_filter``)
and whose words hold every stem of its words (``curation.words``, the
admin's search): the index's spelling corrections and other names are not
applied to them, and a search with more than words and phrases (OR,
-exclusion, prefix*, issuer:… in its words) adds none.
While the index cannot be read, an issuer's, a place's and a
tag's feeds read their latest additions from the database
(``public_lists``, as the list pages then do); a search feed answers 503.

    /feed.atom   /en/feed.rss   /search/feed.atom?q=قسد&place=3
    /actors/12/feed.atom   /places/3/feed.rss   /tags/5/feed.atom
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q, prefetch_related_objects
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..curation.words import having_stems, search_stems
from ..models import Actor, Place, Statement, Tag
from ..search import (
    FilterError,
    IndexUnreadable,
    SearchRequest,
    database_filter,
    search,
    with_descendants,
)
from ..search.listing import listed
from ..search.query import Clause, parse_query
from .forms import SearchForm
from .public_lists import PublicList, issued_by, linked_to
from .unavailable import index_unreadable
from .views import public_page

# Entries per feed, and retractions added to them: a feed reader polls the
# newest, it does not page back.
FEED_SIZE = 50
RETRACTIONS = 10
# Retractions looked among for a feed's: the latest of the whole archive.
RETRACTIONS_READ = 1000
# Characters of the text in an entry's summary.
SUMMARY_CHARS = 300


class AtomFeed(Atom1Feed):
    """Atom with each entry's own language (``xml:lang``): an English statement
    in the Arabic feed is marked English."""

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's language as ``dc:language`` (RSS has only the
    channel's ``language``)."""

    def rss_attributes(self):
        return super().rss_attributes() | {
            "xmlns:dc": "http://purl.org/dc/elements/1.1/"
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("dc:language", item["language"])


@dataclass(frozen=True)
class Channel:
    """What a feed shows: its title, its HTML page, its own URL, its statements."""

    title: str
    link: str
    path: str
    statements: list[Statement]


class InvalidSearch(ValueError):
    """Search parameters a feed cannot run; the message says what to fix."""


def with_tags(statements: list[Statement]) -> list[Statement]:
    """The statements with their tags (an entry's categories) in one query."""
    prefetch_related_objects(statements, "tags")
    return statements


def retracted(
    condition: Q | None = None, stems: tuple[str, ...] = ()
) -> list[Statement]:
    """The latest retractions among the statements ``condition`` selects whose
    words hold every one of ``stems``.

    The ids of the latest ``RETRACTIONS_READ`` retractions first, from the
    status index, then the condition among those ids only: asked at once,
    SQLite may read every statement of a large place to find its few
    retracted ones.
    """
    latest = Statement.objects.filter(status=Statement.Status.RETRACTED)
    ids = latest.order_by("-updated_at").values_list("pk", flat=True)
    statements = Statement.objects.filter(
        condition or Q(), pk__in=list(ids[:RETRACTIONS_READ])
    )
    statements = having_stems(statements, list(stems))
    statements = statements.select_related("issuer", "type").distinct()
    return list(statements.order_by("-updated_at")[:RETRACTIONS])


def public_only(*lists: list[Statement]) -> list[Statement]:
    """The statements of ``lists`` in order, each once, public ones only: the
    index may lag behind a change that has just been committed."""
    seen, found = set(), []
    for statement in (s for statements in lists for s in statements):
        if statement.pk not in seen and statement.status in Statement.PUBLIC_STATUSES:
            seen.add(statement.pk)
            found.append(statement)
    return found


def retracted_found(wanted: SearchRequest) -> list[Statement]:
    """The latest retractions a search selects (see the module docstring)."""
    parsed = parse_query(wanted.q)
    plain = (
        isinstance(c, Clause) and not (c.negated or c.prefix) for c in parsed.clauses
    )
    if parsed.filters or not all(plain):
        return []
    try:
        condition = database_filter(wanted)
    except FilterError:
        return []  # the search says which filter names nothing
    words = " ".join(clause.text for clause in parsed.clauses)
    return retracted(condition, tuple(search_stems(words)))


def newest(field: str, ids, database: PublicList) -> list[Statement]:
    """The newest ``FEED_SIZE`` published statements with one of ``ids`` in the
    index's keyword ``field``; while the index cannot be read, the latest
    additions among ``database``'s."""
    try:
        return list(listed(field, ids)[:FEED_SIZE])
    except IndexUnreadable as exc:
        index_unreadable(exc)
        return list(database.page(None, FEED_SIZE))


def entry_date(statement: Statement) -> datetime.datetime:
    """When the statement was issued, as precisely as known (the first day of
    its month or year), else when it entered the archive."""
    if statement.year is None:
        return statement.created_at
    return datetime.datetime.combine(
        statement.date_issued, datetime.time.min, tzinfo=datetime.UTC
    )


class StatementFeed(Feed):
    """The entries every feed shares; subclasses only find the ``Channel``."""

    feed_type = AtomFeed

    def title(self, channel: Channel) -> str:
        return _("%(title)s · Conflict statements archive") % {"title": channel.title}

    def description(self, channel: Channel) -> str:
        return channel.title

    def link(self, channel: Channel) -> str:
        return channel.link

    def feed_url(self, channel: Channel) -> str:
        return channel.path

    def items(self, channel: Channel) -> list[Statement]:
        return with_tags(channel.statements)

    def item_title(self, statement: Statement) -> str:
        title = statement.title
        if statement.status == Statement.Status.RETRACTED:
            title = _("Retracted: %(title)s") % {"title": title}
        # Atom titles are plain text; RSS readers read titles as HTML (#6533).
        return title if self.feed_type is AtomFeed else escape(title)

    def item_description(self, statement: Statement) -> str:
        start = Truncator(statement.body).chars(SUMMARY_CHARS)
        if statement.status == Statement.Status.RETRACTED:
            reason = statement.retraction_reason or _("No reason given.")
            notice = _("This statement has been retracted: %(reason)s") % {
                "reason": reason
            }
            start = f"{notice}\n\n{start}"
        # The summary is HTML in both formats: the plain text, escaped.
        return escape(start)

    def item_link(self, statement: Statement) -> str:
        # The permanent URL: the one with the slug changes with the title.
        return reverse("statements:detail", args=[statement.pk])

    def item_guid_is_permalink(self, statement: Statement) -> bool:
        return True

    def item_pubdate(self, statement: Statement) -> datetime.datetime:
        return entry_date(statement)

    def item_updateddate(self, statement: Statement) -> datetime.datetime:
        return statement.updated_at

    def item_author_name(self, statement: Statement) -> str | None:
        return str(statement.issuer) if statement.issuer else None

    def item_categories(self, statement: Statement) -> list[str]:
        return [tag.name for tag in statement.tags.all()]

    def item_extra_kwargs(self, statement: Statement) -> dict:
        return {"language": statement.language}


class ArchiveFeed(StatementFeed):
    """The latest additions (newest ids, read backwards on the status index)."""

    def get_object(self, request) -> Channel:
        latest = Statement.objects.published().select_related("issuer", "type")
        statements = public_only(latest.order_by("-pk")[:FEED_SIZE], retracted())
        return Channel(
            _("Latest statements"), reverse("statements:home"), request.path, statements
        )


class ActorFeed(StatementFeed):
    """An issuer's statements (its parts' too, as on its page), newest first."""

    def get_object(self, request, pk: int) -> Channel:
        actor = get_object_or_404(Actor, pk=pk)
        actors = with_descendants(Actor, {actor.pk})
        statements = public_only(
            newest("issuer", actors, issued_by(actors)),
            retracted(Q(issuer__in=actors)),
        )
        title = _("Statements issued by %(name)s") % {"name": actor}
        return Channel(title, actor.get_absolute_url(), request.path, statements)


class PlaceFeed(StatementFeed):
    """The statements about a place or a place within it, newest first."""

    def get_object(self, request, pk: int) -> Channel:
        place = get_object_or_404(Place, pk=pk)
        places = with_descendants(Place, {place.pk})
        statements = public_only(
            newest("places", places, linked_to("places", places)),
            retracted(Q(places__in=places)),
        )
        title = _("Statements about %(name)s") % {"name": place}
        return Channel(title, place.get_absolute_url(), request.path, statements)


class TagFeed(StatementFeed):
    """The statements with a tag, newest first."""

    def get_object(self, request, pk: int) -> Channel:
        tag = get_object_or_404(Tag, pk=pk)
        statements = public_only(
            newest("tags", [tag.pk], linked_to("tags", {tag.pk})),
            retracted(Q(tags=tag)),
        )
        title = _("Statements tagged %(name)s") % {"name": tag}
        return Channel(title, tag.get_absolute_url(), request.path, statements)


class SearchFeed(StatementFeed):
    """A search's first ``FEED_SIZE`` results, newest first unless ``sort``
    says otherwise: the search page's parameters, through its form."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidSearch as error:
            return HttpResponseBadRequest(
                str(error), content_type="text/plain; charset=utf-8"
            )

    def get_object(self, request) -> Channel:
        form = SearchForm(request.GET)
        if not form.is_valid():
            name, errors = next(iter(form.errors.items()))
            raise InvalidSearch(f"{name}: {errors[0]}")
        wanted = form.search_request(FEED_SIZE)
        sort = wanted.sort if request.GET.get("sort") else "newest"
        wanted = dataclasses.replace(wanted, page=1, page_size=FEED_SIZE, sort=sort)
        statements = public_only(
            [hit.statement for hit in search(wanted).hits], retracted_found(wanted)
        )
        # The query re-encoded from its parsed values: percent-encoded UTF-8
        # whatever the client sent.
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        title = _("Search: %(q)s") % {"q": wanted.q} if wanted.q else _("Search")
        link = reverse("statements:search") + query
        return Channel(title, link, request.path + query, statements)


def atom_and_rss(feed_class: type[StatementFeed]):
    """The Atom and the RSS view of one feed, cached like the public pages."""
    rss_class = type(f"{feed_class.__name__}Rss", (feed_class,), {"feed_type": RssFeed})
    return public_page(feed_class()), public_page(rss_class())


archive_atom, archive_rss = atom_and_rss(ArchiveFeed)
search_atom, search_rss = atom_and_rss(SearchFeed)
actor_atom, actor_rss = atom_and_rss(ActorFeed)
place_atom, place_rss = atom_and_rss(PlaceFeed)
tag_atom, tag_rss = atom_and_rss(TagFeed)
