"""A statement as schema.org JSON-LD, for the ``<script type="application/ld+json">``
block of its page: a ``CreativeWork`` with its issuer as author.

    data = statement_jsonld(statement, url, absolute=request.build_absolute_uri)
    html = f'<script type="application/ld+json">{script_json(data)}</script>'

The date keeps its precision (2020, 2020-03 or 2020-03-15: ISO 8601 and
schema.org's ``Date`` allow all three); the SHA-256 of the original is a
``PropertyValue`` identifier; a retracted statement says so in
``creativeWorkStatus`` and gives its reason as a ``correction``.
"""

import json
from collections.abc import Callable, Iterable

from ..models import Actor, Statement

# Characters of the text given as the abstract.
ABSTRACT_CHARS = 300

# Inside <script> the HTML parser ends the block at "</script" and treats
# "<!--" specially, whatever the JSON means: escape <, > and & as JSON escapes
# (the same JSON to a reader), and the line separators JavaScript once refused.
SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: dict) -> str:
    """``data`` as JSON that cannot end or disturb the script block it is put in."""
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)


def known(data: dict) -> dict:
    """``data`` without what is not known: a field left out rather than empty."""
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def in_languages(ar: str, en: str) -> list[dict]:
    """A name in each language it is known in, as JSON-LD language-tagged values."""
    names = [{"@value": v, "@language": lang} for lang, v in (("ar", ar), ("en", en))]
    return [name for name in names if name["@value"]]


def author(actor: Actor, absolute: Callable[[str], str]) -> dict:
    kind = "Person" if actor.kind == Actor.Kind.PERSON else "Organization"
    return {
        "@type": kind,
        "name": in_languages(actor.name_ar, actor.name_en),
        "url": absolute(actor.get_absolute_url()),
    }


def identifiers(statement: Statement, url: str) -> list:
    found = [
        url,
        {"@type": "PropertyValue", "propertyID": "SHA-256", "value": statement.sha256},
    ]
    if statement.external_id:
        found.append(
            {
                "@type": "PropertyValue",
                "propertyID": "external identifier",
                "value": statement.external_id,
            }
        )
    return found


def provenance(statement: Statement) -> dict:
    """Where the text was published, and its archived copy."""
    data = {}
    if statement.source or statement.source_url:
        source = {"name": statement.source, "url": statement.source_url}
        data["isBasedOn"] = {"@type": "CreativeWork"} | known(source)
    if statement.archived_url:
        data["archivedAt"] = statement.archived_url
    return data


def retraction(statement: Statement) -> dict:
    if statement.status != Statement.Status.RETRACTED:
        return {"creativeWorkStatus": "Published"}
    note = known({"@type": "CorrectionComment", "text": statement.retraction_reason})
    return {"creativeWorkStatus": "Retracted", "correction": note}


def statement_jsonld(
    statement: Statement,
    url: str,
    absolute: Callable[[str], str] = str,
    tags: Iterable = (),
    places: Iterable = (),
) -> dict:
    """The statement as a schema.org ``CreativeWork``; ``url`` is its permanent
    URL, ``absolute`` turns the site's paths into full URLs."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": statement.title,
        "abstract": statement.body[:ABSTRACT_CHARS],
        "inLanguage": statement.language,
        "genre": str(statement.type),
        "identifier": identifiers(statement, url),
        "keywords": [str(tag) for tag in tags],
        "spatialCoverage": [{"@type": "Place", "name": str(p)} for p in places],
    }
    if statement.issuer:
        data["author"] = author(statement.issuer, absolute)
    if statement.date_display:
        data["dateCreated"] = data["datePublished"] = statement.date_display
    return known(data | provenance(statement) | retraction(statement))
