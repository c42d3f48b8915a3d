"""The sitemap (django.contrib.sitemaps) and robots.txt: every public statement,
actor, place and tag, each in Arabic and English with the other as alternate.

    /sitemap.xml                      the index: each section's pages
    /sitemap-statements.xml?p=3       statements with ids 2,001 to 3,000
    /robots.txt                       names the sitemap's absolute URL

Django's ``Sitemap`` with ``i18n = True`` builds the list of every (item,
language) pair of a section to paginate it, on every request: 630,000 pairs
at 315,000 statements. Here a page is a range of ids instead (``IdPages``):
page n holds the rows with ids in ((n-1)·``PER_PAGE``, n·``PER_PAGE``], read
by one range query on the primary key, and the number of pages is the
largest id over ``PER_PAGE``, read from the key's end. A page holds at most
``PER_PAGE`` rows (fewer where ids are drafts or deleted), so 2·``PER_PAGE``
URLs, far under the protocol's 50,000.
"""

from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..models import Actor, Place, Statement, Tag
from .views import public_page

# Rows per sitemap page: 2,000 URLs with both languages, each with its three
# alternates, in about 0.5 s (5,000 rows took 1.5 to 3.4 s; Django's reverse()
# and template take it all); 315 pages at 315,000 statements is far under the
# index's 50,000 sitemaps.
PER_PAGE = 1000


class IdPages:
    """A paginator of a QuerySet by ranges of ids, the two methods the sitemap
    views use: ``num_pages`` and ``page(n).object_list`` of (row, language)."""

    def __init__(self, queryset, languages: list[str]):
        self.queryset, self.languages = queryset, languages

    @property
    def num_pages(self) -> int:
        # Over every row, not the public ones: MAX(id) of the whole table is
        # one step to the key's end; a filtered maximum may read them all.
        largest = self.queryset.model.objects.aggregate(largest=Max("pk"))["largest"]
        return max(1, -(-(largest or 0) // PER_PAGE))

    def page(self, number) -> SimpleNamespace:
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(
                f"Give the page as a number, not {number!r}."
            ) from exc
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(f"There are {self.num_pages} pages, not {number}.")
        first = (number - 1) * PER_PAGE
        rows = self.queryset.filter(pk__gt=first, pk__lte=first + PER_PAGE)
        # Sorted here: SQLite reads the range of each public status through the
        # status index, and would sort them with a temporary table.
        rows = sorted(rows.order_by(), key=lambda row: row.pk)
        pairs = [(row, lang) for row in rows for lang in self.languages]
        return SimpleNamespace(object_list=pairs)


class ArchiveSitemap(Sitemap):
    """Each row at its URL in every interface language, the others alternates
    (``x-default``: the Arabic one, at the root)."""

    i18n = True
    alternates = True
    x_default = True

    def rows(self):
        raise NotImplementedError("Give the sitemap a rows() QuerySet.")

    @property
    def paginator(self) -> IdPages:
        return IdPages(self.rows(), self._languages())

    def items(self):
        # Only Django's fallbacks call items(); every page goes through paginator.
        return self.rows()

    def get_latest_lastmod(self):
        # The index would otherwise read every row's lastmod.
        return None


class StatementSitemap(ArchiveSitemap):
    def rows(self):
        return Statement.objects.public().only("pk", "updated_at")

    def location(self, statement: Statement) -> str:
        # The permanent URL, the page's rel=canonical.
        return reverse("statements:detail", args=[statement.pk])

    def lastmod(self, statement: Statement):
        return statement.updated_at


class ActorSitemap(ArchiveSitemap):
    def rows(self):
        return Actor.objects.only("pk")


class PlaceSitemap(ArchiveSitemap):
    def rows(self):
        return Place.objects.only("pk")


class TagSitemap(ArchiveSitemap):
    def rows(self):
        return Tag.objects.only("pk")


# Classes, not instances: the sitemap views make one per request.
SITEMAPS = {
    "statements": StatementSitemap,
    "actors": ActorSitemap,
    "places": PlaceSitemap,
    "tags": TagSitemap,
}


@public_page
def sitemap_index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@public_page
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe
def robots_txt(request) -> HttpResponse:
    """Crawlers may read every public page; the sitemap lists them (an
    absolute URL, as the robots.txt protocol asks)."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
