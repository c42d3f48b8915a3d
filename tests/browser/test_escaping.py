"""Hostile text from outside runs nowhere: it is text in pages, data elsewhere.

Statements come from files the archive does not write. One record here carries,
in every text field it has (title, body, issuer, places, tags, source, author,
and the name of its file), the usual ways to make a page run script: a
``<script>`` block, a ``</script>`` that would end the JSON-LD block, an
attribute break with an ``onerror`` image, a ``javascript:`` URL, bidi
controls, and Django template syntax. It goes in through the real importer,
then Chromium visits every page that shows it, the admin's too, with a dialog
handler that fails the test if ``alert`` ever runs. The outputs that are data
(citations, API, OAI-PMH, feeds, JSON-LD) are parsed and must give the text
back exactly.
"""

import html
import json
import xml.etree.ElementTree as ET

import pytest

from statements.dumps import export_dumps
from statements.ingest import import_paths
from statements.models import Statement
from tests.factories import make_user
from tests.test_citation import bibtex_fields, ris_tags, unescape_bibtex

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
END_SCRIPT = "</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
JAVASCRIPT = "javascript:alert(1)"
# Right-to-left override, left-to-right isolate, and their ends left open.
BIDI = "\u202eعكس\u2066 \u202a\u2067"
TEMPLATE = "{{ 7*7 }} {% debug %}"
HOSTILE = f"{SCRIPT} {END_SCRIPT} {IMAGE} {JAVASCRIPT} {TEMPLATE} {BIDI}"
# The word searched for, beside the payloads so that marks cut around them.
WORD = "قوات"
# Quotes and angle brackets are allowed in a URL's query: they must stay
# inside the href.
SOURCE_URL = 'https://example.org/s?q="><img/src=x/onerror=alert(1)>'
ARCHIVED_URL = (
    "https://web.archive.org/web/2020/https://example.org/'onmouseover='alert(1)"
)
RECORD = {
    "external_id": "hostile-1",
    "title": f"بيان {WORD} {HOSTILE}",
    "body": f"تواصل {WORD} {SCRIPT} الحرب\n{IMAGE} {WORD} {END_SCRIPT}\n"
    f"{JAVASCRIPT} {WORD} {TEMPLATE}\n{BIDI} {WORD} نهاية",
    "date": "2020-03-15",
    "issuer": f"قسد {HOSTILE}",
    "places": [f"دير الزور {SCRIPT}", IMAGE],
    "tags": [SCRIPT, IMAGE, TEMPLATE, BIDI.strip()],
    "source": f"{IMAGE} {JAVASCRIPT}",
    "source_url": SOURCE_URL,
    "archived_url": ARCHIVED_URL,
    "author": f"{SCRIPT} {TEMPLATE}",
    "language": "ar",
}
# A file name can hold all but "/": the custody section shows it.
FILE_NAME = '"><img src=x onerror=alert(1)>{{ 7*7 }}.jsonl'

# The site's own scripts and what a page may link to.
# (The admin's own translation catalogue is a script from the site too.)
SCRIPT_CHECK = """els => els.filter(e => !(e.src
    && new URL(e.src).origin === location.origin
    && /^\\/(static\\/|(en\\/)?admin\\/jsi18n\\/$)/.test(new URL(e.src).pathname))
    && e.type !== 'application/ld+json').map(e => e.outerHTML)"""
LINK_SCHEMES = """els => els.map(e => new URL(e.href, document.baseURI).protocol)
    .filter(p => !['http:', 'https:', 'mailto:'].includes(p))"""


def imported(tmp_path, *records, name="statements.jsonl"):
    path = tmp_path / name
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    return import_paths([path])


@pytest.fixture
def hostile(tmp_path, live_server) -> Statement:
    """The hostile record, imported through the importer like any file."""
    summary = imported(tmp_path, RECORD, name=FILE_NAME)
    assert (summary.created, summary.errors) == (1, [])
    return Statement.objects.get(external_id="hostile-1")


@pytest.fixture
def dialogs(page) -> list[str]:
    """Every dialog a page opens (alert, confirm…): each one is script that ran."""
    opened = []

    def record(dialog):
        opened.append(f"{dialog.type}: {dialog.message} on {page.url}")
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_inert(page, dialogs: list[str]) -> str:
    """Nothing of the payload became markup or ran; returns the page's text."""
    page.wait_for_load_state("load")
    assert dialogs == []
    assert page.locator("[onerror], [onmouseover]").count() == 0, page.url
    assert page.locator("script").evaluate_all(SCRIPT_CHECK) == [], page.url
    assert page.locator("a[href]").evaluate_all(LINK_SCHEMES) == [], page.url
    return page.locator("body").inner_text()


def public_pages(statement: Statement) -> dict[str, str]:
    url = statement.get_absolute_url()
    pages = {
        "home": "/",
        "list": "/statements/",
        "search": f"/search/?q={WORD}",
        "english search": f"/en/search/?q={WORD}",
        "statement": url,
        "statement from a search": f"{url}?q={WORD}",
        "english statement": f"/en{url}",
        "issuer": statement.issuer.get_absolute_url(),
        "year": "/archive/2020/",
        "data": "/data/",
    }
    for n, place in enumerate(statement.places.all()):
        pages[f"place {n}"] = place.get_absolute_url()
    for n, tag in enumerate(statement.tags.all()):
        pages[f"tag {n}"] = tag.get_absolute_url()
    return pages


def test_no_hostile_text_runs_or_becomes_markup_in_any_public_page(
    page, hostile, dialogs
):
    export_dumps()
    for name, path in public_pages(hostile).items():
        page.goto(path)
        text = assert_inert(page, dialogs)
        if name != "data":
            # Template syntax is shown as typed, never evaluated.
            assert "{{ 7*7 }}" in text, name


def test_the_statement_page_shows_each_field_as_typed(page, hostile, dialogs):
    page.goto(f"{hostile.get_absolute_url()}?q={WORD}")
    assert_inert(page, dialogs)
    title = page.locator("h1")
    assert title.inner_text() == RECORD["title"]
    assert "49" not in title.inner_text()
    assert title.locator("mark").all_inner_texts() == [WORD]
    body = page.locator(".statement-body").inner_text()
    assert SCRIPT in body and END_SCRIPT in body and IMAGE in body
    assert page.locator(".statement-body mark").count() == 4
    metadata = page.locator(".metadata").inner_text()
    for field in ("issuer", "source", "author"):
        assert RECORD[field] in metadata, field
    custody = page.locator(".custody").inner_text()
    assert FILE_NAME in custody


def test_source_and_archive_links_keep_the_url_whole_inside_the_href(
    page, hostile, dialogs
):
    page.goto(hostile.get_absolute_url())
    assert_inert(page, dialogs)
    hrefs = page.locator(".metadata a[rel~=external]").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert hrefs == [SOURCE_URL, ARCHIVED_URL]


def test_the_search_results_mark_the_word_and_escape_the_rest(page, hostile, dialogs):
    page.goto(f"/search/?q={WORD}")
    text = assert_inert(page, dialogs)
    assert page.locator("main mark").count() >= 2
    assert SCRIPT in text and IMAGE in text
    assert (
        page.locator("main mark").all_inner_texts()
        == [WORD] * page.locator("main mark").count()
    )


def test_the_json_ld_block_holds_the_hostile_text_as_data(page, hostile, dialogs):
    page.goto(hostile.get_absolute_url())
    assert_inert(page, dialogs)
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    data = json.loads(blocks.text_content())
    assert data["name"] == RECORD["title"]
    assert data["abstract"] == RECORD["body"]
    assert sorted(data["keywords"]) == sorted(RECORD["tags"])
    assert data["isBasedOn"]["name"] == RECORD["source"]
    assert data["isBasedOn"]["url"] == SOURCE_URL


def test_citations_give_the_title_back_exactly(page, hostile):
    base = f"/statements/{hostile.pk}/cite"
    csl = json.loads(page.request.get(f"{base}.json").text())
    record = csl[0] if isinstance(csl, list) else csl
    assert record["title"] == RECORD["title"]
    _, fields = bibtex_fields(page.request.get(f"{base}.bib").text())
    assert unescape_bibtex(fields["title"]) == RECORD["title"]
    ris = dict(ris_tags(page.request.get(f"{base}.ris").text()))
    assert ris["TI"] == RECORD["title"]


def test_the_pdf_is_a_pdf_not_a_page(page, hostile):
    response = page.request.get(f"/statements/{hostile.pk}/pdf")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_the_api_gives_the_hostile_text_back_exactly(page, hostile):
    record = page.request.get(f"/api/v1/statements/{hostile.pk}").json()
    for field in ("title", "body", "source", "author", "source_url", "archived_url"):
        assert record[field] == RECORD[field], field
    hit = page.request.get(f"/api/v1/search?q={WORD}").json()["results"][0]
    assert hit["title"] == RECORD["title"]
    # The marked title is HTML: the payload is escaped in it, only <mark> is markup.
    assert "<script>" not in hit["title_marked"]
    assert "&lt;script&gt;" in hit["title_marked"]
    assert "<img" not in "".join(hit["snippets"])


ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def test_feeds_and_oai_parse_and_give_the_title_back_exactly(page, hostile):
    for path in ("/feed.atom", f"/search/feed.atom?q={WORD}"):
        root = ET.fromstring(page.request.get(path).body())
        titles = [e.text for e in root.iter(f"{ATOM}title")]
        assert RECORD["title"] in titles, path
    for path in ("/feed.rss", hostile.issuer.get_absolute_url() + "feed.rss"):
        # RSS readers read titles as HTML: the feed escapes them once more.
        root = ET.fromstring(page.request.get(path).body())
        titles = [html.unescape(e.text) for e in root.iter("title")]
        assert RECORD["title"] in titles, path
    identifier = f"oai:localhost:statement/{hostile.pk}"
    response = page.request.get(
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={identifier}"
    )
    root = ET.fromstring(response.body())
    assert [e.text for e in root.iter(f"{DC}title")] == [RECORD["title"]]
    assert RECORD["source"] in [e.text for e in root.iter(f"{DC}source")]


def test_the_admin_list_and_form_run_nothing(page, hostile, dialogs):
    make_user("root", is_superuser=True)
    page.goto("/en/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    for path in (
        "/en/admin/statements/statement/",
        f"/en/admin/statements/statement/?q={WORD}",
        f"/en/admin/statements/statement/{hostile.pk}/change/",
        f"/en/admin/statements/actor/{hostile.issuer_id}/change/",
        "/en/admin/statements/tag/",
    ):
        page.goto(path)
        text = assert_inert(page, dialogs)
        assert "Log in" not in page.title(), path
        assert "{{ 7*7 }}" in text or "change" in path, path
    page.goto(f"/en/admin/statements/statement/{hostile.pk}/change/")
    assert page.locator("#id_title").input_value() == RECORD["title"]


@pytest.mark.parametrize(
    "url",
    [
        JAVASCRIPT,
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//example.org/no-scheme",
    ],
)
@pytest.mark.parametrize("field", ["source_url", "archived_url"])
def test_the_importer_refuses_a_url_that_is_not_http(tmp_path, db, field, url):
    summary = imported(tmp_path, {**RECORD, field: url})
    assert summary.created == 0
    assert [f"'{field}' must be an http(s) URL" in str(e) for e in summary.errors] == [
        True
    ]


def test_a_stored_non_http_url_is_never_a_link(page, hostile, dialogs):
    """Rows written before the importer's rule, or by hand, may hold one."""
    Statement.objects.filter(pk=hostile.pk).update(
        source_url=JAVASCRIPT, archived_url="data:text/html,x"
    )
    page.goto(hostile.get_absolute_url())
    assert_inert(page, dialogs)
    assert page.locator("a[href^='javascript'], a[href^='data']").count() == 0
