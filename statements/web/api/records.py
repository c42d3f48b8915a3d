"""Statements, changes and names as the API's records (see ``schemas.py``).

Each list is read in a constant number of queries, whatever the archive holds:
``public_statements`` prefetches what a record shows.
"""

import dataclasses
from collections.abc import Callable

from django.urls import reverse

from ...arabic.languages import right_to_left
from ...curation.custody import custody_record
from ...ingest.originals import original_name, original_url, originals
from ...models import PublicChange, Statement

# A path made absolute for the request (request.build_absolute_uri).
Absolute = Callable[[str], str]


def public_statements():
    """Public statements with everything a record shows, in few queries."""
    return (
        Statement.objects.public()
        .select_related("issuer", "type")
        .prefetch_related("places", "actors", "tags")
    )


def name(entity) -> dict:
    return {"id": entity.pk, "name_ar": entity.name_ar, "name_en": entity.name_en}


def statement_record(statement: Statement, absolute: Absolute) -> dict:
    issuer = statement.issuer
    kind = statement.type
    return {
        "id": statement.pk,
        "url": absolute(statement.get_absolute_url()),
        "api_url": absolute(reverse("api:statement", args=[statement.pk])),
        "title": statement.title,
        "body": statement.body,
        "language": statement.language,
        "direction": "rtl" if right_to_left(statement.language) else "ltr",
        "type": {"code": kind.code, "name_ar": kind.name_ar, "name_en": kind.name_en},
        "issuer": issuer
        and {**name(issuer), "url": absolute(issuer.get_absolute_url())},
        "date": statement.date_display or None,
        "date_precision": statement.date_precision,
        "places": [name(p) for p in statement.places.all()],
        "actors": [name(a) for a in statement.actors.all()],
        "tags": [{"id": t.pk, "name": t.name} for t in statement.tags.all()],
        "author": statement.author,
        "source": statement.source,
        "source_url": statement.source_url,
        "archived_url": statement.archived_url,
        "external_id": statement.external_id,
        "editorial_note": statement.editorial_note,
        "status": statement.status,
        "retraction_reason": statement.retraction_reason,
        "sha256": statement.sha256,
        "original": original(statement, absolute),
        "created_at": statement.created_at,
        "updated_at": statement.updated_at,
    }


def original(statement: Statement, absolute: Absolute) -> dict | None:
    """Where the original bytes are and their size; None when not kept. A look
    in the originals' storage, no query."""
    storage, name = originals(), original_name(statement.sha256)
    if not storage.exists(name):
        return None
    return {"url": absolute(original_url(statement)), "size": storage.size(name)}


def full_statement_record(statement: Statement, absolute: Absolute) -> dict:
    """The record with its custody (a few queries more: one statement only)."""
    custody = dataclasses.asdict(custody_record(statement))
    return {**statement_record(statement, absolute), "custody": custody}


def change_record(row: PublicChange, since, absolute: Absolute) -> dict:
    """What a mirror must do about one statement: the latest change since ``since``."""
    if row.removed:
        change = "removed"
    elif row.state == PublicChange.State.RETRACTED:
        change = "retracted"
    elif since is None or row.first_public_at > since:
        change = "published"
    else:
        change = "updated"
    url = reverse("api:statement", args=[row.statement_id])
    return {
        "id": row.statement_id,
        "change": change,
        "changed_at": row.changed_at,
        "api_url": None if row.removed else absolute(url),
    }


def entity_record(entity, absolute: Absolute) -> dict:
    return {
        **name(entity),
        "kind": entity.kind,
        "parent": entity.parent_id,
        "aliases": [a.name for a in entity.aliases.all()],
        "url": absolute(entity.get_absolute_url()),
    }


def tag_record(tag, absolute: Absolute) -> dict:
    return {"id": tag.pk, "name": tag.name, "url": absolute(tag.get_absolute_url())}
