"""Downloads of one public statement: its citation (BibTeX, RIS, CSL-JSON) and its PDF.

Both are attachments named ``statement-<pk>.<ext>``. A PDF is rendered once
per version of what it shows (``pdf_cache_key``: the statement's last change,
its issuer's and type's names, the interface language and the cited URL) and
kept in the "downloads" cache; an edit changes the key, so a stale PDF is
never served. A statement is cited at
its permanent URL, ``/statements/<pk>/`` (in the interface language's prefix):
unlike the URL with the title's slug, it stays the same if the title is
corrected. Drafts and statements in review are not found.
"""

import datetime
import hashlib

from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .. import formats
from ..formats import bibtex, citation_pieces, csl_json, ris
from ..models import Statement

CITATION_FORMATS = {
    "bib": (bibtex, "application/x-bibtex"),
    "ris": (ris, "application/x-research-info-systems"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json"),
}


def public_statement(pk: int) -> Statement:
    statements = Statement.objects.public().select_related("issuer", "type")
    return get_object_or_404(statements, pk=pk)


def citation_url(request, statement: Statement) -> str:
    """The absolute permanent URL a statement is cited at."""
    return request.build_absolute_uri(reverse("statements:detail", args=[statement.pk]))


def citation_text(statement: Statement, url: str) -> list[str]:
    """The "cite this" sentence for the statement page, accessed today, in
    pieces (``formats.citation_pieces``: the page isolates those from outside)."""
    return citation_pieces(statement, url, today())


def today() -> datetime.date:
    return timezone.localdate()


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def statement_citation(request, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CITATION_FORMATS:
        raise Http404(f"No citation format {fmt!r}: use bib, ris or json.")
    statement = public_statement(pk)
    render, content_type = CITATION_FORMATS[fmt]
    text = render(statement, citation_url(request, statement), today())
    return attachment(
        text.encode("utf-8"),
        f"{content_type}; charset=utf-8",
        f"statement-{statement.pk}.{fmt}",
    )


@require_safe
def statement_pdf(request, pk: int) -> HttpResponse:
    statement = public_statement(pk)
    content = cached_pdf(statement, citation_url(request, statement))
    return attachment(content, "application/pdf", f"statement-{statement.pk}.pdf")


def pdf_cache_key(statement: Statement, url: str) -> str:
    """What the PDF depends on, hashed: the same key, the same bytes."""
    version = [
        statement.pk,
        statement.updated_at.isoformat() if statement.updated_at else "",
        str(statement.issuer) if statement.issuer else "",
        str(statement.type),
        get_language(),
        url,
    ]
    digest = hashlib.sha256(repr(version).encode("utf-8")).hexdigest()
    return f"pdf:{digest}"


def cached_pdf(statement: Statement, url: str) -> bytes:
    """The statement's PDF, rendered only when this version is not cached."""
    cache = caches["downloads"]
    key = pdf_cache_key(statement, url)
    content = cache.get(key)
    if content is None:
        content = formats.statement_pdf(statement, url)
        cache.set(key, content)
    return content
