"""A statement as a PDF: ReportLab, the archive's Naskh font embedded, Arabic shaped.

    pdf_bytes = statement_pdf(statement, "https://archive.example/statements/12/")

Title and body run in the statement's direction (right-aligned for Arabic),
the metadata and page numbers in the interface language's. Lines are wrapped
in logical order, then shaped and reordered one by one (see ``shaping``).
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language_bidi, gettext
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..arabic.languages import right_to_left
from ..models import Statement
from .shaping import left_to_right, visual_line, wrap_logical

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "ArchiveNaskh", "ArchiveNaskh-Bold"
MARGIN = 56.0  # about 2 cm
FOOTER_Y = 30.0


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float  # Naskh needs room: its ascent and descent span 1.7 em
    gray: float = 0.0


TITLE = Style(BOLD, 16, 28)
META = Style(REGULAR, 9, 16, gray=0.3)
BODY = Style(REGULAR, 12, 21)
FOOTER = Style(REGULAR, 8, 12, gray=0.4)


@dataclass(frozen=True)
class Line:
    """One line to draw, in logical order: it is shaped only when drawn."""

    text: str
    style: Style
    rtl: bool
    space_before: float = 0.0


@cache
def register_fonts() -> None:
    """Make the Naskh TTFs known to ReportLab (once a process); it embeds a subset."""
    pdfmetrics.registerFont(TTFont(REGULAR, FONT_DIR / "ArchiveNaskh-Regular.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "ArchiveNaskh-Bold.ttf"))


def block(text: str, style: Style, rtl: bool, width: float, gap: float) -> list[Line]:
    """A paragraph wrapped to ``width``; ``gap`` is the space above its first line."""

    def measure(shaped_text: str) -> float:
        return pdfmetrics.stringWidth(shaped_text, style.font, style.size)

    lines = wrap_logical(text, width, measure)
    return [Line(t, style, rtl, gap if i == 0 else 0.0) for i, t in enumerate(lines)]


def metadata(statement: Statement, url: str) -> list[tuple[str, str]]:
    """(label, value) for the heading in the interface language, empty ones left out.

    Dates, URLs and hashes are kept left to right as a piece: in an Arabic line
    the bidi algorithm would otherwise draw 2019-03-23 as 23-03-2019 (its digits
    become Arabic numbers, and the hyphens between them neutrals).
    """
    source_url = left_to_right(statement.source_url)
    source = " ".join(filter(None, [statement.source, source_url]))
    rows = [
        (gettext("Issuer"), str(statement.issuer) if statement.issuer else ""),
        (gettext("Author or byline"), statement.author),
        (gettext("Date"), left_to_right(statement.date_display) or gettext("unknown")),
        (gettext("Type"), str(statement.type)),
        (gettext("Source"), source),
        (gettext("Permanent link"), left_to_right(url)),
        (gettext("SHA-256 of the original"), left_to_right(statement.sha256)),
    ]
    if statement.status == Statement.Status.RETRACTED:
        rows.append((gettext("Retracted"), statement.retraction_reason or "—"))
    return [(label, value) for label, value in rows if value]


def statement_lines(statement: Statement, url: str, width: float) -> list[Line]:
    """Everything the PDF shows, in reading order: title, metadata, paragraphs."""
    rtl = right_to_left(statement.language)
    lines = block(statement.title, TITLE, rtl, width, gap=0.0)
    interface_rtl = get_language_bidi()
    for i, (label, value) in enumerate(metadata(statement, url)):
        gap = META.leading / 2 if i == 0 else 0.0
        lines += block(f"{label}: {value}", META, interface_rtl, width, gap)
    for i, paragraph in enumerate(p for p in statement.body.split("\n") if p.strip()):
        gap = BODY.leading if i == 0 else BODY.leading / 2
        lines += block(paragraph, BODY, rtl, width, gap)
    return lines


def paginate(
    lines: list[Line], top: float, bottom: float
) -> list[list[tuple[float, Line]]]:
    """The lines with their baselines, page by page; a page starts with no gap."""
    pages: list[list[tuple[float, Line]]] = [[]]
    y = top
    for line in lines:
        y -= line.space_before + line.style.leading
        if y < bottom and pages[-1]:
            pages.append([])
            y = top - line.style.leading
        pages[-1].append((y, line))
    return pages


def draw_line(canvas: Canvas, y: float, line: Line, left: float, right: float) -> None:
    canvas.setFont(line.style.font, line.style.size)
    canvas.setFillGray(line.style.gray)
    text = visual_line(line.text, line.rtl)
    if line.rtl:
        canvas.drawRightString(right, y, text)
    else:
        canvas.drawString(left, y, text)


def draw_footer(canvas: Canvas, number: int, count: int) -> None:
    page = {"number": number, "total": count}
    footer = gettext("Page %(number)s of %(total)s") % page
    canvas.setFont(FOOTER.font, FOOTER.size)
    canvas.setFillGray(FOOTER.gray)
    canvas.drawCentredString(
        A4[0] / 2, FOOTER_Y, visual_line(footer, get_language_bidi())
    )


def new_canvas(output: io.BytesIO, statement: Statement, url: str) -> Canvas:
    # invariant: no creation date or random document id, so a statement gives
    # the same bytes every time; the initial font is ours, so the PDF names no
    # font it does not embed.
    canvas = Canvas(
        output,
        pagesize=A4,
        invariant=True,
        lang=statement.language,
        initialFontName=REGULAR,
    )
    canvas.setTitle(statement.title)
    canvas.setAuthor(str(statement.issuer) if statement.issuer else "")
    canvas.setSubject(url)
    canvas.setCreator(gettext("Conflict statements archive"))
    return canvas


def statement_pdf(statement: Statement, url: str) -> bytes:
    """The statement as an A4 PDF, with page numbers, fonts embedded."""
    register_fonts()
    left, right = MARGIN, A4[0] - MARGIN
    lines = statement_lines(statement, url, right - left)
    pages = paginate(lines, A4[1] - MARGIN, MARGIN)
    output = io.BytesIO()
    canvas = new_canvas(output, statement, url)
    for number, placed in enumerate(pages, start=1):
        for y, line in placed:
            draw_line(canvas, y, line, left, right)
        draw_footer(canvas, number, len(pages))
        canvas.showPage()
    canvas.save()
    return output.getvalue()
