"""The statement PDF: its text read back out equals the statement, in reading order.

How the text is read back: pdfminer.six gives each drawn line as its glyphs
map to characters, left to right, so an Arabic line comes out shaped
(presentation forms) and in visual order. Each line is put back into logical
order by running the same bidi algorithm on it again, in the statement's
direction. For the text used here (words and numbers separated by spaces,
brackets around whole runs) reordering twice gives the logical text back; it
is not an identity for every possible string, and a text outside that class
could fail here although its PDF looks right. Presentation forms are then
folded to the letters they show with NFKC (only those characters: the rest of
the text is compared as it is). "Equal" then means: the same characters, with
each run of white space (line breaks, the wraps and paragraph breaks) as one
space.
"""

import datetime
import io
import unicodedata
from pathlib import Path

import pytest
from bidi.algorithm import get_display
from django.conf import settings
from django.utils import translation
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextLineHorizontal

from statements.formats.pdf import BODY, FOOTER, MARGIN, META, TITLE, statement_pdf
from tests.factories import make_actor, make_statement

pytestmark = pytest.mark.django_db

URL = "https://archive.example/statements/1/"
SEED = Path(settings.BASE_DIR) / "seeds" / "000_3a983311a22140ec.txt"
MIXED = (
    "أعلنت قوات سوريا الديمقراطية (SDF) في 23 آذار 2019 السيطرة على الباغوز، "
    "وقالت إن 3000 مقاتل من تنظيم ISIS استسلموا خلال ٤٨ ساعة.\n"
    "وأكدت القيادة أن 25% من المعتقلين أجانب، وطالبت بمحكمة دولية."
)
ENGLISH = (
    "The General Command of the Syrian Democratic Forces announced on 23 March "
    "2019 that the last pocket held by ISIS in al-Baghuz had fallen.\n"
    "It called on the international coalition to help set up a court for the "
    "detainees, and to support stability in the region."
)


def text_lines(item):
    if isinstance(item, LTTextLineHorizontal):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from text_lines(child)


def drawn_lines(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(font size, left, right, text as drawn) of each line, page by page, top down."""
    found = []
    for page in extract_pages(io.BytesIO(pdf)):
        for line in sorted(text_lines(page), key=lambda line: -line.y0):
            size = next(char.size for char in line if isinstance(char, LTChar))
            text = line.get_text().rstrip("\n")
            found.append((round(size), line.x0, line.x1, text))
    return found


def fold_presentation_forms(text: str) -> str:
    return "".join(
        unicodedata.normalize("NFKC", char)
        if "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff"
        else char
        for char in text
    )


def logical(visual: str, rtl: bool) -> str:
    return fold_presentation_forms(get_display(visual, base_dir="R" if rtl else "L"))


def read_back(pdf: bytes, size: float, rtl: bool) -> str:
    """The lines drawn at ``size``, in logical order, joined with spaces."""
    lines = [text for s, _, _, text in drawn_lines(pdf) if s == size]
    return " ".join(logical(line, rtl) for line in lines)


def spaced(text: str) -> str:
    return " ".join(text.split())


def seed_statement():
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    issuer = make_actor("القيادة العامة لقوات سوريا الديمقراطية", "SDF General Command")
    return make_statement(body, title=title, issuer=issuer, language="ar")


def test_seed_document_pdf_reads_back_as_its_text():
    statement = seed_statement()
    pdf = statement_pdf(statement, URL)
    assert read_back(pdf, BODY.size, rtl=True) == spaced(statement.body)
    assert read_back(pdf, TITLE.size, rtl=True) == spaced(statement.title)


def test_seed_document_fills_more_than_one_page_with_page_numbers():
    with translation.override("en"):
        pdf = statement_pdf(seed_statement(), URL)
    footers = [text for size, _, _, text in drawn_lines(pdf) if size == FOOTER.size]
    assert footers == ["Page 1 of 2", "Page 2 of 2"]


def test_english_statement_pdf_reads_back_as_its_text():
    statement = make_statement(ENGLISH, title="Baghuz has fallen", language="en")
    pdf = statement_pdf(statement, URL)
    assert read_back(pdf, BODY.size, rtl=False) == spaced(ENGLISH)
    assert read_back(pdf, TITLE.size, rtl=False) == "Baghuz has fallen"


def test_mixed_arabic_with_digits_and_latin_words_reads_back_as_its_text():
    statement = make_statement(MIXED, title="بيان SDF رقم 7", language="ar")
    pdf = statement_pdf(statement, URL)
    assert read_back(pdf, BODY.size, rtl=True) == spaced(MIXED)
    assert read_back(pdf, TITLE.size, rtl=True) == "بيان SDF رقم 7"


def test_arabic_is_drawn_shaped_and_right_to_left():
    statement = make_statement("قالت القيادة العامة", title="بيان", language="ar")
    ((_, _, _, visual),) = [
        line for line in drawn_lines(statement_pdf(statement, URL)) if line[0] == 12
    ]
    assert all("\ufe70" <= char <= "\ufeff" or char == " " for char in visual)
    # Read from right to left, letter by letter, the line is the text.
    assert fold_presentation_forms(visual[::-1]) == "قالت القيادة العامة"


def test_arabic_lines_are_right_aligned_and_english_left_aligned():
    arabic = statement_pdf(make_statement(MIXED, language="ar"), URL)
    english = statement_pdf(make_statement(ENGLISH, language="en"), URL)
    right_edge = 595.28 - MARGIN
    body = [line for line in drawn_lines(arabic) if line[0] == BODY.size]
    assert len(body) > 2
    assert all(abs(right - right_edge) < 1 for _, _, right, _ in body)
    assert all(left >= MARGIN - 1 for _, left, _, _ in body)
    body = [line for line in drawn_lines(english) if line[0] == BODY.size]
    assert all(abs(left - MARGIN) < 1 for _, left, _, _ in body)
    assert all(right <= right_edge + 1 for _, _, right, _ in body)


def test_metadata_names_issuer_date_type_source_url_and_hash():
    issuer = make_actor("القيادة العامة", "SDF General Command")
    statement = make_statement(
        "نص",
        issuer=issuer,
        source="ANHA",
        date_issued=datetime.date(2019, 3, 23),
        date_precision="day",
    )
    with translation.override("en"):
        pdf = statement_pdf(statement, URL)
        type_name = str(statement.type)
    meta = [text for size, _, _, text in drawn_lines(pdf) if size == META.size]
    assert meta == [
        "Issuer: SDF General Command",
        "Date: 2019-03-23",
        f"Type: {type_name}",
        "Source: ANHA",
        f"Permanent link: {URL}",
        f"SHA-256 of the original: {statement.sha256}",
    ]


def test_metadata_of_the_arabic_interface_is_in_arabic_and_right_to_left():
    issuer = make_actor("القيادة العامة", "SDF General Command")
    statement = make_statement(
        "نص",
        issuer=issuer,
        date_issued=datetime.date(2019, 3, 23),
        date_precision="day",
    )
    with translation.override("ar"):
        pdf = statement_pdf(statement, URL)
    meta = [text for size, _, _, text in drawn_lines(pdf) if size == META.size]
    assert logical(meta[0], rtl=True) == "الجهة المُصدِرة: القيادة العامة"
    # The ISO date is drawn as written, not as 23-03-2019.
    assert meta[1].startswith("2019-03-23 :")
    footer = [text for size, _, _, text in drawn_lines(pdf) if size == FOOTER.size]
    assert [logical(text, rtl=True) for text in footer] == ["الصفحة 1 من 1"]


def test_retracted_statement_pdf_says_so():
    statement = make_statement(status="retracted", retraction_reason="A forgery.")
    with translation.override("en"):
        pdf = statement_pdf(statement, URL)
    assert "Retracted: A forgery." in [text for *_, text in drawn_lines(pdf)]


def test_bidi_isolates_in_a_statement_do_not_break_the_pdf():
    body = "قال \u2066ISIS\u2069 و\u2067نص\u2069 و\u2068SDF\u2069 اليوم"
    pdf = statement_pdf(make_statement(body, language="ar"), URL)
    assert read_back(pdf, BODY.size, rtl=True) == "قال ISIS ونص وSDF اليوم"


def test_pdf_embeds_the_naskh_font_and_no_other():
    pdf = statement_pdf(make_statement("نص البيان"), URL)
    assert b"/FontFile2" in pdf
    assert b"NotoNaskhArabic-Regular" in pdf
    assert b"Helvetica" not in pdf


def test_same_statement_gives_the_same_pdf():
    statement = make_statement("نص البيان")
    assert statement_pdf(statement, URL) == statement_pdf(statement, URL)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_pdf_download_is_an_attachment(client, prefix):
    statement = make_statement(MIXED)
    response = client.get(f"{prefix}/statements/{statement.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statement-{statement.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert read_back(response.content, BODY.size, rtl=True) == spaced(MIXED)
    url = f"http://testserver{prefix}/statements/{statement.pk}/"
    meta = [text for size, _, _, text in drawn_lines(response.content) if size == 9]
    assert any(url in line for line in meta)


@pytest.mark.parametrize("status", ["draft", "review"])
def test_pdf_of_unpublished_statements_is_not_found(client, status):
    statement = make_statement(status=status)
    assert client.get(f"/statements/{statement.pk}/pdf").status_code == 404
