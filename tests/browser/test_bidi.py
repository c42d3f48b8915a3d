"""A bidi control left open in a name or a title never reorders the rest of a line.

Names, titles, sources and tags come from outside and are shown exactly as
published, bidi controls included. A right-to-left override (U+202E) that is
never closed runs, by the Unicode bidi algorithm, to the end of its paragraph:
shown inline without isolation, it would print the date, the type or the next
tag after an issuer's name backwards ("51-30-0202"), and swap the order of
what follows it. Each such value is isolated where it is shown (``<bdi>``, or
``dir`` on the element that holds only it), so what its controls do ends with
it.

A record whose issuer, title, places, tags and source carry an unclosed
override goes in through the real importer; Chromium then lays out each page
that shows it, in both interface languages, and the test reads where each
character landed (``Range.getBoundingClientRect``): the words after the value
must read left to right, and the items keep their order in the page's
direction. Each page is laid out twice, with the site's stylesheet and
without it: the stylesheet puts some of these values in boxes of their own
(flex items), which stops a control at the box's edge by chance; the markup
must isolate them by itself, for a reader mode, a print or a stylesheet that
failed to load.
"""

import pytest

from statements.models import Statement

from .test_escaping import imported

pytestmark = pytest.mark.browser

RLO = "\u202e"  # right-to-left override, left open in every value below
DATE = "2020-03-15"
TYPE = "field report"  # a new type, named in English only: so in both interfaces
WORD = "الهدنة"
RECORD = {
    "external_id": "bidi-1",
    "title": f"بيان{RLO} UN ceasefire",
    "body": f"نص البيان عن {WORD} في الرقة.",
    "date": DATE,
    "type": TYPE,
    "issuer": f"قوات{RLO} SDF",
    "places": [f"الرقة{RLO} Raqqa", "Idlib"],
    "tags": [f"هدنة{RLO} truce", "ceasefire"],
    "source": f"وكالة{RLO} ANHA",
    "author": f"المكتب{RLO} press office",
    "language": "ar",
}
INTERFACES = {"ar": "", "en": "/en"}

# Each character of an element's text with the horizontal middle of its box
# (null for a character that takes no room, as collapsed white space) and its
# top, so that a run can be checked on one line.
CHARACTERS = """root => {
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      found.push([node.data[i], box.width ? box.left + box.width / 2 : null, box.top]);
    }
  }
  return found;
}"""
# The horizontal middle of each element's box.
MIDDLES = """els => els.map(e => { const b = e.getBoundingClientRect();
  return b.left + b.width / 2; })"""


@pytest.fixture
def statement(tmp_path, live_server) -> Statement:
    summary = imported(tmp_path, RECORD)
    assert (summary.created, summary.errors) == (1, [])
    return Statement.objects.get(external_id="bidi-1")


@pytest.fixture(params=["stylesheet", "no stylesheet"])
def styled(request, page):
    """The page as laid out with the site's stylesheet, and without it."""
    if request.param == "no stylesheet":
        page.route("**/*.css", lambda route: route.abort())
    return page


def reads_left_to_right(locator, run: str) -> bool:
    """Whether each occurrence of ``run`` in the element's text is laid out
    left to right: each character right of the one before (``run`` is
    digits and Latin letters, which read so in either direction of a page)."""
    characters = locator.evaluate(CHARACTERS)
    text = "".join(c for c, _, _ in characters)
    start = text.find(run)
    assert start >= 0, f"{run!r} is not in {text!r}"
    while start >= 0:
        run_chars = characters[start : start + len(run)]
        placed = [(x, top) for _, x, top in run_chars if x is not None]
        xs = [x for x, _ in placed]
        if len({top for _, top in placed}) > 1 or xs != sorted(xs):
            return False
        start = text.find(run, start + 1)
    return True


def in_reading_order(page, *locators) -> bool:
    """Whether the elements come one after the other in the page's direction."""
    middles = [loc.evaluate_all(MIDDLES)[0] for loc in locators]
    rtl = page.locator("html").get_attribute("dir") == "rtl"
    return middles == sorted(middles, reverse=rtl)


def item_of(page, statement: Statement):
    return page.locator(".statement-item").filter(
        has=page.locator(f'a[href*="/statements/{statement.pk}/"]')
    )


def list_pages(statement: Statement) -> dict[str, str]:
    return {
        "home": "/",
        "browse": "/statements/",
        "search": f"/search/?q={WORD}",
        "issuer": statement.issuer.get_absolute_url(),
        "place": statement.places.get(name_ar__startswith="الرقة").get_absolute_url(),
        "tag": statement.tags.get(name="ceasefire").get_absolute_url(),
    }


def meta_broken(page, meta) -> list[str]:
    """What is out of order in a statement's issuer · date · type line."""
    broken = []
    if not reads_left_to_right(meta, DATE):
        broken.append("date reversed")
    if not reads_left_to_right(meta, TYPE):
        broken.append("type reversed")
    issuer = meta.locator(".issuer, a").first
    if not in_reading_order(page, issuer, meta.locator("time"), meta.get_by_text(TYPE)):
        broken.append("issuer, date and type out of order")
    return broken


@pytest.mark.parametrize("language", INTERFACES)
def test_an_open_override_in_an_issuer_reverses_nothing_after_it_in_lists(
    styled, statement, language
):
    broken = {}
    for name, path in list_pages(statement).items():
        styled.goto(INTERFACES[language] + path)
        meta = item_of(styled, statement).locator(".item-meta")
        broken[name] = meta_broken(styled, meta)
    assert broken == {name: [] for name in broken}


@pytest.mark.parametrize("language", INTERFACES)
def test_an_open_override_reverses_nothing_after_it_on_the_statement_page(
    styled, statement, language
):
    styled.goto(f"{INTERFACES[language]}{statement.get_absolute_url()}?q={WORD}")
    header = styled.locator(".statement-header .item-meta")
    assert meta_broken(styled, header) == []
    metadata = styled.locator(".metadata")
    for run in ("ceasefire", "Idlib"):
        assert reads_left_to_right(metadata, run), run
    tags = metadata.locator("ul.inline").last.locator("li")
    assert in_reading_order(styled, tags.nth(0), tags.nth(1))
    # The citation: the title, then the type, the date and the address.
    citation = styled.locator(".citation")
    for run in (TYPE, DATE, "/statements/"):
        assert reads_left_to_right(citation, run), run


def test_an_open_override_in_the_query_reverses_nothing_after_it(styled, statement):
    styled.goto(f"/en{statement.get_absolute_url()}?q={WORD}{RLO}")
    from_search = styled.locator(".from-search")
    assert reads_left_to_right(from_search, "are marked")


@pytest.mark.parametrize("language", INTERFACES)
def test_facet_labels_keep_their_counts_after_them(styled, statement, language):
    styled.goto(f"{INTERFACES[language]}/search/?q={WORD}")
    label = styled.locator(".facet label").filter(has_text="SDF")
    assert in_reading_order(styled, label.locator("bdi"), label.locator(".count"))
