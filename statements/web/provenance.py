"""A statement's original bytes, served as received, and its custody record.

``/statements/<id>/original`` is the file a reader hashes to check the SHA-256
on the statement page (``sha256sum``): the bytes exactly as stored, in the
charset they came in, as an attachment. A statement whose original was not
kept (archived before originals were) answers 404 with a page that says so;
drafts and statements in review are not found, as everywhere on the site.
"""

from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..curation.custody import custody_record
from ..curation.textdiff import word_diff
from ..ingest.originals import StoredOriginal, originals, received_text, stored_original
from ..models import Statement
from .downloads import public_statement


@require_safe
def statement_original(request, pk: int):
    statement = public_statement(pk)
    original = stored_original(statement)
    if original is None:
        context = {"statement": statement}
        return render(request, "statements/original_missing.html", context, status=404)
    return FileResponse(
        originals().open(original.name, "rb"),
        as_attachment=True,
        filename=original.download_name,
        content_type=original.content_type,
    )


def custody_context(statement: Statement) -> dict:
    """What the statement page's custody section shows
    (``templates/includes/_custody.html``)."""
    original = stored_original(statement)
    return {
        "custody": custody_record(statement),
        "original": original,
        "corrections": corrections(statement, original),
    }


def corrections(statement: Statement, original: StoredOriginal | None) -> dict | None:
    """The differences between the text shown and the text received, if any."""
    received = received_text(original) if original else None
    if received is None or received == (statement.title, statement.body):
        return None
    title, body = received
    return {
        "title": word_diff(title, statement.title) if title != statement.title else [],
        "body": word_diff(body, statement.body) if body != statement.body else [],
        # A diff of spaces and line ends shows nothing: say so instead (the
        # admin's form drops a body's last line end, for one).
        "spacing_only": words(title) == words(statement.title)
        and words(body) == words(statement.body),
    }


def words(text: str) -> list[str]:
    return text.split()
