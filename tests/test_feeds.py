"""The Atom and RSS feeds, read back by feedparser as a feed reader reads them.

Entries (title, permanent link, id, dates, author, tags, summary), languages,
a retraction as an updated entry, drafts never shown, 404s and 400s, and a
cost that does not grow with the archive.
"""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from statements.models import Place, Statement, Tag
from statements.web.feeds import FEED_SIZE
from tests.factories import indexed, make_actor, make_statement, small_archive

pytestmark = pytest.mark.django_db


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def by_title(feed) -> dict:
    return {entry.title: entry for entry in feed.entries}


@pytest.fixture
def archive():
    made = small_archive()
    indexed(made["prisons"], made["ceasefire"], made["truce"])
    return made


def retract(statement: Statement, reason: str) -> Statement:
    statement.status = Statement.Status.RETRACTED
    statement.retraction_reason = reason
    statement.save()
    indexed(statement)  # what the commit's index task does: it leaves the index
    return statement


def test_archive_feed_gives_each_statement_as_an_atom_entry(client, archive):
    feed = read(client, "/feed.atom")
    assert feed.version == "atom10"
    assert feed.feed.language == "ar"
    entry = by_title(feed)["بيان حول السجون"]
    prisons = archive["prisons"]
    permanent = f"http://testserver/statements/{prisons.pk}/"
    assert entry.link == permanent and entry.id == permanent
    assert entry.published_parsed[:3] == (2020, 5, 3)
    assert entry.updated == prisons.updated_at.isoformat()
    assert entry.author == "قوات سوريا الديمقراطية"
    assert [tag.term for tag in entry.tags] == ["سجون"]
    assert entry.summary.startswith("تواصل قوّاتُنا حماية سجونِ الشمال")
    assert entry.title_detail.language == "ar"


def test_archive_feed_lists_the_latest_additions_first(client, archive):
    feed = read(client, "/feed.rss")
    assert [e.title for e in feed.entries] == [
        "التزام بوقف إطلاق النار",
        "UN call for a ceasefire",
        "بيان حول السجون",
    ]


def test_english_interface_feed_declares_english_and_keeps_each_entrys_language(
    client, archive
):
    atom = read(client, "/en/feed.atom")
    assert atom.feed.language == "en"
    entries = by_title(atom)
    assert entries["UN call for a ceasefire"].title_detail.language == "en"
    assert entries["بيان حول السجون"].title_detail.language == "ar"
    assert entries["بيان حول السجون"].author == "Syrian Democratic Forces"
    assert entries["بيان حول السجون"].link.startswith(
        "http://testserver/en/statements/"
    )
    rss = read(client, "/en/feed.rss")
    assert rss.version == "rss20" and rss.feed.language == "en"
    assert by_title(rss)["بيان حول السجون"].language == "ar"
    assert by_title(rss)["UN call for a ceasefire"].language == "en"


def test_retracted_statement_stays_an_updated_entry_that_says_why(client, archive):
    prisons = archive["prisons"]
    before = prisons.updated_at
    retract(prisons, "The issuer denied the text.")
    feeds = [
        "/en/feed.atom",
        f"/en/actors/{archive['sdf'].pk}/feed.atom",
        f"/en/places/{archive['raqqa'].pk}/feed.rss",
        f"/en/tags/{archive['tag'].pk}/feed.atom",
    ]
    for url in feeds:
        entries = by_title(read(client, url))
        entry = entries["Retracted: بيان حول السجون"]
        assert "has been retracted: The issuer denied the text." in entry.summary, url
        assert "بيان حول السجون" not in entries, url
    atom_entry = by_title(read(client, "/en/feed.atom"))["Retracted: بيان حول السجون"]
    assert atom_entry.updated_parsed > before.timetuple()
    assert atom_entry.id.endswith(f"/statements/{prisons.pk}/")


def test_retraction_is_in_arabic_in_the_arabic_feed(client, archive):
    retract(archive["truce"], "")
    entry = by_title(read(client, "/feed.atom"))["مسحوب: التزام بوقف إطلاق النار"]
    assert "سُحب هذا البيان: لم يُذكر سبب." in entry.summary


def test_drafts_and_statements_in_review_never_appear(client, archive):
    sdf, raqqa, tag = archive["sdf"], archive["raqqa"], archive["tag"]
    for status in (Statement.Status.DRAFT, Statement.Status.REVIEW):
        hidden = make_statement("سجون الرقة", title=f"سري {status}", issuer=sdf)
        hidden.places.add(raqqa)
        hidden.tags.add(tag)
        hidden.status = status
        hidden.save()
    urls = [
        "/feed.atom",
        "/feed.rss",
        f"/actors/{sdf.pk}/feed.atom",
        f"/places/{raqqa.pk}/feed.atom",
        f"/tags/{tag.pk}/feed.rss",
        "/search/feed.atom?q=سجون",
    ]
    for url in urls:
        titles = [e.title for e in read(client, url).entries]
        assert titles and not [t for t in titles if t.startswith("سري")], url


def test_draft_the_index_still_holds_is_left_out(client, archive):
    truce = archive["truce"]
    # Unpublished, but its index task not yet drained (as just after a commit).
    Statement.objects.filter(pk=truce.pk).update(status=Statement.Status.DRAFT)
    titles = [
        e.title for e in read(client, f"/actors/{archive['sdf'].pk}/feed.atom").entries
    ]
    assert titles == ["بيان حول السجون"]


def test_actor_place_and_tag_feeds_hold_their_statements_only(client, archive):
    actor = by_title(read(client, f"/actors/{archive['un'].pk}/feed.atom"))
    assert list(actor) == ["UN call for a ceasefire"]
    place = by_title(read(client, f"/places/{archive['raqqa'].pk}/feed.atom"))
    assert list(place) == ["بيان حول السجون"]
    tag = read(client, f"/en/tags/{archive['tag'].pk}/feed.rss")
    assert [e.title for e in tag.entries] == ["بيان حول السجون"]
    assert tag.feed.title.startswith("Statements tagged سجون")


def test_place_feed_holds_the_statements_of_places_within_it(client, archive):
    syria = Place.objects.create(name_ar="سوريا", name_en="Syria")
    archive["raqqa"].parent = syria
    archive["raqqa"].save()
    feed = read(client, f"/places/{syria.pk}/feed.atom")
    assert [e.title for e in feed.entries] == ["بيان حول السجون"]


def test_search_feed_gives_the_search_results_newest_first(client, archive):
    feed = read(client, "/search/feed.atom?q=السجون OR ceasefire")
    assert [e.title for e in feed.entries] == [
        "UN call for a ceasefire",
        "بيان حول السجون",
    ]
    filtered = read(client, f"/search/feed.rss?issuer={archive['sdf'].pk}")
    assert [e.title for e in filtered.entries] == [
        "التزام بوقف إطلاق النار",
        "بيان حول السجون",
    ]
    oldest = read(client, f"/search/feed.atom?issuer={archive['sdf'].pk}&sort=oldest")
    assert oldest.entries[0].title == "بيان حول السجون"


def test_search_feed_keeps_the_retractions_its_words_and_filters_select(
    client, archive
):
    prisons = retract(archive["prisons"], "The issuer denied the text.")
    retract(archive["truce"], "Published by mistake.")
    withdrawn = f"Retracted: {prisons.title}"

    entries = by_title(read(client, "/en/search/feed.atom?q=السجون"))
    assert set(entries) == {withdrawn}
    assert "The issuer denied the text." in entries[withdrawn].summary
    # Every word's stem, as the search's: حول and السجون, not النار.
    assert set(by_title(read(client, "/en/search/feed.rss?q=حول سجون"))) == {
        "Retracted: بيان حول السجون"
    }
    # Its filters: another issuer's words select none of them.
    un = archive["un"].pk
    assert read(client, f"/search/feed.atom?q=السجون&issuer={un}").entries == []
    only_un = read(client, f"/search/feed.atom?issuer={un}")
    assert [e.title for e in only_un.entries] == ["UN call for a ceasefire"]
    sdf = read(client, f"/en/search/feed.atom?issuer={archive['sdf'].pk}")
    assert {e.title for e in sdf.entries} == {
        withdrawn,
        "Retracted: التزام بوقف إطلاق النار",
    }
    # More than words: none added, the search's own results only.
    either = read(client, "/search/feed.atom?q=السجون OR ceasefire")
    assert [e.title for e in either.entries] == ["UN call for a ceasefire"]


def test_search_feed_links_back_to_the_same_search(client, archive):
    # The query as a browser sends it: percent-encoded UTF-8.
    query = "q=%D8%A7%D9%84%D8%B1%D9%82%D8%A9&lang=ar"
    feed = read(client, f"/search/feed.atom?{query}")
    assert feed.feed.link == f"http://testserver/search/?{query}"
    assert feed.feed.title.startswith("بحث: الرقة")
    assert [e.title for e in feed.entries] == ["بيان حول السجون"]
    self_link = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_link == [f"http://testserver/search/feed.atom?{query}"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("date_from=2020-13", "date_from"),
        ("aliases=maybe", "aliases"),
        ("issuer=" + "x" * 301, "issuer"),
    ],
)
def test_bad_search_parameters_get_400_saying_what_to_fix(client, query, names):
    for url in (f"/en/search/feed.atom?{query}", f"/en/search/feed.rss?{query}"):
        response = client.get(url)
        assert response.status_code == 400
        message = response.content.decode()
        assert message.startswith(f"{names}: "), message


def test_unknown_actor_place_or_tag_is_404(client, archive):
    for kind in ("actors", "places", "tags"):
        for fmt in ("atom", "rss"):
            assert client.get(f"/{kind}/99999/feed.{fmt}").status_code == 404


def add_statements(count: int, actor, place, tag) -> list[Statement]:
    made = []
    for n in range(count):
        statement = make_statement(
            f"بيان رقم {n} عن القصف في الحسكة",
            issuer=actor,
            date_issued=datetime.date(2020, 5, 1 + n % 28),
            date_precision="day",
        )
        statement.places.add(place)
        statement.tags.add(tag)
        made.append(statement)
    return indexed(*made)


def test_a_feed_holds_at_most_its_size_and_the_latest_retractions(client):
    actor = make_actor("القيادة العامة", "General Command")
    place = Place.objects.create(name_ar="الحسكة", name_en="Hasakah")
    tag = Tag.objects.create(name="قصف")
    made = add_statements(FEED_SIZE + 10, actor, place, tag)
    retract(made[0], "سبب")
    for url in (
        "/feed.atom",
        f"/actors/{actor.pk}/feed.atom",
        "/search/feed.rss?q=القصف",
    ):
        entries = read(client, url).entries
        assert len(entries) <= FEED_SIZE + 1, url
    titles = [e.title for e in read(client, f"/tags/{tag.pk}/feed.atom").entries]
    assert len(titles) == FEED_SIZE + 1 and titles[-1].startswith("مسحوب: ")


def queries(client, url: str) -> int:
    client.get(url)  # warm: per-index-version caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_no_feed_asks_more_queries_of_a_larger_archive(client):
    actor = make_actor("القيادة العامة", "General Command")
    place = Place.objects.create(name_ar="الحسكة", name_en="Hasakah")
    tag = Tag.objects.create(name="قصف")
    retract(add_statements(10, actor, place, tag)[0], "سبب")
    urls = [
        "/feed.atom",
        "/en/feed.rss",
        f"/actors/{actor.pk}/feed.atom",
        f"/places/{place.pk}/feed.rss",
        f"/tags/{tag.pk}/feed.atom",
        "/search/feed.atom?q=الحسكة",
        f"/search/feed.rss?issuer={actor.pk}&sort=oldest",
    ]
    before = {url: queries(client, url) for url in urls}
    add_statements(50, actor, place, tag)
    after = {url: queries(client, url) for url in urls}
    assert after == before


def feed_links(html: str) -> dict[str, str]:
    """The feeds a page's head announces: {type: href}."""
    head = html.split("</head>", 1)[0]
    found = re.findall(
        r'<link rel="alternate" type="(application/(?:atom|rss)\+xml)" '
        r'title="[^"]+" href="([^"]+)">',
        head,
    )
    return {kind: unescape(href) for kind, href in found}


def test_pages_announce_their_feeds_in_the_head_and_link_them_visibly(client, archive):
    sdf, raqqa, tag = archive["sdf"], archive["raqqa"], archive["tag"]
    pages = {
        "/": "/feed",
        "/statements/": "/feed",
        "/en/search/?q=السجون&page=2": "/en/search/feed",
        f"/actors/{sdf.pk}/": f"/actors/{sdf.pk}/feed",
        f"/places/{raqqa.pk}/": f"/places/{raqqa.pk}/feed",
        f"/en/tags/{tag.pk}/": f"/en/tags/{tag.pk}/feed",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        links = feed_links(html)
        assert set(links) == {"application/atom+xml", "application/rss+xml"}, page
        atom, rss = links["application/atom+xml"], links["application/rss+xml"]
        assert atom.startswith(f"{feed}.atom") and rss.startswith(f"{feed}.rss"), page
        body = html.split("</head>", 1)[1]
        assert f'href="{escape(atom)}" type="application/atom+xml"' in body, page
        assert read(client, atom).entries, page


def test_search_page_links_the_feed_of_its_search_without_the_page(client, archive):
    html = client.get("/en/search/?q=السجون&lang=ar&page=2").content.decode()
    atom = feed_links(html)["application/atom+xml"]
    assert parse_qs(urlsplit(atom).query) == {"q": ["السجون"], "lang": ["ar"]}
    assert [e.title for e in read(client, atom).entries] == ["بيان حول السجون"]


def test_search_page_without_a_search_announces_no_feed(client):
    assert feed_links(client.get("/search/").content.decode()) == {}
