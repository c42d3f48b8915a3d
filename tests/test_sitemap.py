"""/sitemap.xml and /robots.txt: every public statement, actor, place and tag in
both languages, in pages of id ranges whose cost does not grow with the archive."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from statements.models import Actor, Place, Statement, Tag
from statements.web import sitemaps
from tests.factories import make_statement, small_archive
from tests.test_page_costs import full_scans

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def locations(root: ET.Element) -> list[str]:
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def section(client, name: str) -> ET.Element:
    """Every page of a section that the index lists, as one page.

    Not only the first: ids are not reused after a test's rollback on
    PostgreSQL, so a test's rows may have ids past the first page's range.
    """
    index = xml(client, "/sitemap.xml")
    whole = ET.Element("urlset")
    for loc in index.iterfind("sm:sitemap/sm:loc", NS):
        if f"/sitemap-{name}.xml" in loc.text:
            page = xml(client, loc.text.removeprefix("http://testserver"))
            whole.extend(page.iterfind("sm:url", NS))
    return whole


def section_pages(name: str, model) -> list[str]:
    """The URLs of a section's pages: one per ``PER_PAGE`` ids up to the largest."""
    largest = model.objects.aggregate(largest=Max("pk"))["largest"]
    first = f"http://testserver/sitemap-{name}.xml"
    pages = range(2, -(-largest // sitemaps.PER_PAGE) + 1)
    return [first, *(f"{first}?p={n}" for n in pages)]


def alternates(root: ET.Element, location: str) -> dict[str, str]:
    for url in root.iterfind("sm:url", NS):
        if url.find("sm:loc", NS).text == location:
            links = url.iterfind("xhtml:link", NS)
            return {link.get("hreflang"): link.get("href") for link in links}
    raise AssertionError(f"{location} is not in the sitemap")


def test_robots_txt_names_the_sitemap_by_its_absolute_url(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_index_lists_a_sitemap_for_each_section(client):
    small_archive()
    root = xml(client, "/sitemap.xml")
    found = [loc.text for loc in root.iterfind("sm:sitemap/sm:loc", NS)]
    models = {"statements": Statement, "actors": Actor, "places": Place, "tags": Tag}
    # One page each on a new archive; more where ids went past the first range.
    assert found == [
        page for name, model in models.items() for page in section_pages(name, model)
    ]


def test_public_statements_in_both_languages_each_with_the_other_as_alternate(client):
    made = small_archive()
    made["truce"].status = Statement.Status.RETRACTED
    made["truce"].save()
    draft = make_statement(status=Statement.Status.DRAFT)
    review = make_statement(status=Statement.Status.REVIEW)
    root = section(client, "statements")
    found = locations(root)
    for name in ("prisons", "ceasefire", "truce"):
        pk = made[name].pk
        assert f"http://testserver/statements/{pk}/" in found
        assert f"http://testserver/en/statements/{pk}/" in found
    for hidden in (draft, review):
        assert not [loc for loc in found if f"/statements/{hidden.pk}/" in loc]
    pk = made["prisons"].pk
    assert alternates(root, f"http://testserver/en/statements/{pk}/") == {
        "ar": f"http://testserver/statements/{pk}/",
        "en": f"http://testserver/en/statements/{pk}/",
        "x-default": f"http://testserver/statements/{pk}/",
    }
    lastmod = root.find("sm:url/sm:lastmod", NS).text
    assert lastmod == made["prisons"].updated_at.date().isoformat()


def test_actors_places_and_tags_in_both_languages(client):
    made = small_archive()
    for name, obj in (("actors", "un"), ("places", "raqqa"), ("tags", "tag")):
        path = made[obj].get_absolute_url()
        found = locations(section(client, name))
        assert f"http://testserver{path}" in found
        assert f"http://testserver/en{path}" in found


def test_sections_are_paged_by_id_ranges(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "PER_PAGE", 2)
    made = [make_statement() for _ in range(5)]
    index = xml(client, "/sitemap.xml")
    pages = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    expected_pages = -(-made[-1].pk // 2)
    statement_pages = [p for p in pages if "statements" in p]
    assert len(statement_pages) == expected_pages
    assert statement_pages[1] == "http://testserver/sitemap-statements.xml?p=2"
    listed = []
    for page in statement_pages:
        root = xml(client, page.removeprefix("http://testserver"))
        assert len(locations(root)) <= 2 * 2
        listed += locations(root)
    arabic = [loc for loc in listed if "/en/" not in loc]
    assert arabic == [f"http://testserver/statements/{s.pk}/" for s in made]


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-statements.xml?p=99",
        "/sitemap-statements.xml?p=x",
        "/sitemap-nope.xml",
    ],
)
def test_page_or_section_that_does_not_exist_is_404(client, url):
    make_statement()
    assert client.get(url).status_code == 404


def page_queries(client, url: str) -> list[dict]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured.captured_queries


def test_a_sitemap_page_reads_its_range_only(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "PER_PAGE", 10)
    made = [make_statement() for _ in range(30)]
    first = made[0].pk
    # A page whose ten ids are all of these statements' (ids need not start at 1).
    full = f"/sitemap-statements.xml?p={(first - 1) // 10 + 2}"
    urls = ["/sitemap.xml", full, "/sitemap-actors.xml"]
    before = {url: len(page_queries(client, url)) for url in urls}
    for _ in range(30):
        make_statement()
    after = {url: len(page_queries(client, url)) for url in urls}
    assert after == before
    for url in urls:
        assert full_scans(page_queries(client, url)) == [], url
    page = locations(xml(client, full))
    assert len(page) == 2 * 10
