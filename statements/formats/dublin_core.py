"""A statement in simple Dublin Core (``oai_dc``), as OAI-PMH harvesters read it.

A pure function of a statement and its permanent URL::

    element = oai_dc(statement, "https://archive.example/statements/12/")
    # <oai_dc:dc><dc:title xml:lang="ar">…</dc:title><dc:creator …>…

The mapping: title; creator = the issuer (its Arabic and English names, each
with its ``xml:lang``); date as precisely as it is known (2020, 2020-03 or
2020-03-15); language; type = DCMI ``Text`` and the statement type's names;
subject = tags; coverage = places; identifier = the permanent URL and
``urn:sha256:<hex>`` of the original; source = the source's name and URL;
relation = the archived copy; description = the start of the text, and for a
retracted statement a note of its retraction in Arabic and English.

Written with ``xml.etree`` (no template): element names are namespaced once
here and escaping is the serializer's. Text is stripped of the characters
XML 1.0 cannot carry (C0 controls), which would make a whole response
unreadable to a harvester.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext

from ..models import Statement

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
ET.register_namespace("oai_dc", OAI_DC_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("xsi", XSI_NS)

# Characters of the text a description starts with: enough to recognise a
# statement in a catalogue, short enough that a page of records stays small.
DESCRIPTION_LENGTH = 300
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (NUL and other controls)."""
    return _NOT_XML.sub("", text)


def add_element(parent: ET.Element, tag: str, text: str, lang: str = "") -> None:
    """Append ``<tag>text</tag>`` (``xml:lang`` if given) unless text is empty."""
    text = xml_safe(text).strip()
    if not text:
        return
    element = ET.SubElement(parent, tag, {XML_LANG: lang} if lang else {})
    element.text = text


def one_line(text: str) -> str:
    return " ".join(text.split())


def text_start(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The first ``length`` characters of ``text`` on one line, cut at a word."""
    words = one_line(text)
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0] + " …"


def named(name_ar: str, name_en: str) -> list[tuple[str, str]]:
    """(name, language) of the names known, Arabic first."""
    return [(name, lang) for name, lang in ((name_ar, "ar"), (name_en, "en")) if name]


def in_both_languages(message: Callable[[], str]) -> list[tuple[str, str]]:
    """(text, language) of ``message()`` in Arabic and in English: harvesters
    read every language at once, whatever the request's."""
    texts = []
    for lang in ("ar", "en"):
        with translation.override(lang):
            texts.append((message(), lang))
    return texts


def retraction_notes(statement: Statement) -> list[tuple[str, str]]:
    """(note, language) saying the statement was retracted, and why."""

    def note() -> str:
        text = gettext("This statement has been retracted") + "."
        if statement.retraction_reason:
            reason = one_line(statement.retraction_reason)
            text += f" {gettext('Reason for the retraction')}: {reason}"
        return text

    return in_both_languages(note)


def dublin_core(statement: Statement, url: str) -> list[tuple[str, str, str]]:
    """(element, value, language) of the statement's Dublin Core, in order."""
    fields = [("title", statement.title, statement.language)]
    if statement.issuer:
        issuer = statement.issuer
        fields += [
            ("creator", n, lang) for n, lang in named(issuer.name_ar, issuer.name_en)
        ]
    fields += [
        ("date", statement.date_display, ""),
        ("language", statement.language, ""),
    ]
    kind = statement.type
    kind_names = named(kind.name_ar, kind.name_en) or [(kind.code, "")]
    fields += [("type", "Text", "")] + [("type", n, lang) for n, lang in kind_names]
    fields += [("subject", tag.name, "") for tag in statement.tags.all()]
    for place in statement.places.all():
        fields += [
            ("coverage", n, lang) for n, lang in named(place.name_ar, place.name_en)
        ]
    fields += [
        ("identifier", url, ""),
        ("identifier", f"urn:sha256:{statement.sha256}", ""),
    ]
    fields += [("source", statement.source, ""), ("source", statement.source_url, "")]
    fields += [("relation", statement.archived_url, "")]
    fields += [("description", text_start(statement.body), statement.language)]
    if statement.status == Statement.Status.RETRACTED:
        fields += [
            ("description", note, lang) for note, lang in retraction_notes(statement)
        ]
    return fields


def dc_element(fields: list[tuple[str, str, str]]) -> ET.Element:
    """An ``<oai_dc:dc>`` element of these (element, value, language), with its
    schema location; empty values left out."""
    root = ET.Element(
        f"{{{OAI_DC_NS}}}dc",
        {f"{{{XSI_NS}}}schemaLocation": f"{OAI_DC_NS} {OAI_DC_SCHEMA}"},
    )
    for name, value, lang in fields:
        add_element(root, f"{{{DC_NS}}}{name}", value, lang)
    return root


def oai_dc(statement: Statement, url: str) -> ET.Element:
    """The ``<oai_dc:dc>`` element of the statement."""
    return dc_element(dublin_core(statement, url))
