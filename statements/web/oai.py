"""OAI-PMH 2.0 at ``/oai``: the public statements for harvesters, in ``oai_dc``.

    GET /oai?verb=ListRecords&metadataPrefix=oai_dc&set=issuer:12&from=2026-01-01

The six verbs over the public change log (``models/changes.py``): one
record per statement ever public, its datestamp the time its public state
last changed. A published statement is a record with its Dublin Core
(``formats/dublin_core.py``); a retracted one, or one removed from public
view (sent back to review, deleted), is announced with a ``deleted`` header
and stays so (``deletedRecord`` = persistent). Drafts never appear.

Identifiers are ``oai:<repository>:statement/<id>``, the repository being
``ARCHIVE_OAI_REPOSITORY_IDENTIFIER`` or else the request's host. Sets:
``issuer:<id>`` and ``type:<code>`` (and ``issuer``, ``type`` above them).
Lists come ``ARCHIVE_OAI_PAGE_SIZE`` (100) records a page, resumed by the
keyset tokens of ``web/oai_request.py``. Every error is an OAI ``<error>``
with HTTP 200; GET and POST are both accepted (POST without a CSRF token:
harvesters have none, and the endpoint changes nothing).

Written with ``xml.etree`` rather than a template: the namespaces and
escaping are the serializer's, and a page of 100 records is built in a few
milliseconds.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..formats.dublin_core import (
    OAI_DC_NS,
    OAI_DC_SCHEMA,
    XSI_NS,
    add_element,
    dc_element,
    in_both_languages,
    named,
    oai_dc,
    xml_safe,
)
from ..models import Actor, PublicChange, Statement, StatementType, settled_until
from .oai_request import (
    METADATA_PREFIX,
    SECOND_FORMAT,
    ListRequest,
    OAIError,
    arguments,
    check_prefix,
    date_range,
    list_request,
    make_token,
    set_parts,
    statement_id,
    verb_of,
)

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
# earliestDatestamp of an archive that has never published anything.
EARLIEST_WHEN_EMPTY = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
# The oai-identifier scheme wants a domain name (with a dot) as the repository.
DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(SECOND_FORMAT)


@dataclass(frozen=True)
class Repository:
    """What every answer of one request needs: its identifiers and URLs."""

    identifier: str
    absolute: Callable[[str], str]  # request.build_absolute_uri

    @classmethod
    def of(cls, request) -> "Repository":
        name = getattr(settings, "ARCHIVE_OAI_REPOSITORY_IDENTIFIER", "")
        host = name or split_domain_port(request.get_host())[0]
        return cls(host, request.build_absolute_uri)

    def item(self, pk: int) -> str:
        return f"oai:{self.identifier}:statement/{pk}"

    def url(self, pk: int) -> str:
        """The statement's permanent URL (in the language ``endpoint`` sets)."""
        return self.absolute(reverse("statements:detail", args=[pk]))


def page_size() -> int:
    return getattr(settings, "ARCHIVE_OAI_PAGE_SIZE", 100)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request) -> HttpResponse:
    query = request.POST if request.method == "POST" else request.GET
    echoed: dict[str, str] = {}
    try:
        verb = verb_of(query)
        args = arguments(query, verb)
        echoed = {"verb": verb, **args}
        # Permanent URLs in the default language's form (/statements/1/),
        # whatever language a harvester's Accept-Language header asks for.
        with translation.override(settings.LANGUAGE_CODE):
            body = VERB_VIEWS[verb](Repository.of(request), args, verb)
    except OAIError as error:
        # After badVerb and badArgument the request element names no
        # arguments: the protocol asks for the base URL alone.
        if error.code in ("badVerb", "badArgument"):
            echoed = {}
        body = [error_element(error)]
    return xml_response(request, echoed, body)


def error_element(error: OAIError) -> ET.Element:
    element = ET.Element("error", {"code": error.code})
    element.text = xml_safe(error.message)
    return element


def xml_response(request, echoed: dict[str, str], body: list[ET.Element]):
    # OAI elements are written unqualified under a default namespace declared
    # by hand: ElementTree would otherwise give them a prefix (ns0:OAI-PMH).
    root = ET.Element(
        "OAI-PMH",
        {"xmlns": OAI_NS, f"{{{XSI_NS}}}schemaLocation": f"{OAI_NS} {OAI_SCHEMA}"},
    )
    # Complete up to the settled moment (models/changes.py): a harvester that
    # resumes from this responseDate misses no change still being committed.
    add_element(root, "responseDate", utc(settled_until()))
    attributes = {name: xml_safe(value) for name, value in echoed.items()}
    ET.SubElement(root, "request", attributes).text = base_url(request)
    root.extend(body)
    content = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(content, content_type="text/xml; charset=utf-8")


def base_url(request) -> str:
    return request.build_absolute_uri(reverse("oai"))


def identify(repository: Repository, args, verb) -> list[ET.Element]:
    element = ET.Element("Identify")
    name = getattr(
        settings, "ARCHIVE_OAI_REPOSITORY_NAME", "Conflict statements archive"
    )
    fields = [
        ("repositoryName", name),
        ("baseURL", repository.absolute(reverse("oai"))),
        ("protocolVersion", "2.0"),
        *[("adminEmail", email) for email in admin_emails()],
        ("earliestDatestamp", utc(earliest_datestamp())),
        ("deletedRecord", "persistent"),
        ("granularity", "YYYY-MM-DDThh:mm:ssZ"),
    ]
    for tag, text in fields:
        add_element(element, tag, text)
    if DOMAIN.match(repository.identifier):
        element.append(identifier_description(repository))
    return [element]


def admin_emails() -> list[str]:
    """``ARCHIVE_OAI_ADMIN_EMAILS``, else the ADMINS' addresses, else SERVER_EMAIL."""
    emails = getattr(settings, "ARCHIVE_OAI_ADMIN_EMAILS", None)
    return (
        emails or [email for _name, email in settings.ADMINS] or [settings.SERVER_EMAIL]
    )


def earliest_datestamp() -> datetime.datetime:
    earliest = PublicChange.objects.aggregate(earliest=Min("changed_at"))["earliest"]
    return earliest or EARLIEST_WHEN_EMPTY


def identifier_description(repository: Repository) -> ET.Element:
    description = ET.Element("description")
    location = f"{IDENTIFIER_NS} {IDENTIFIER_SCHEMA}"
    scheme = ET.SubElement(
        description,
        "oai-identifier",
        {"xmlns": IDENTIFIER_NS, f"{{{XSI_NS}}}schemaLocation": location},
    )
    for tag, text in [
        ("scheme", "oai"),
        ("repositoryIdentifier", repository.identifier),
        ("delimiter", ":"),
        ("sampleIdentifier", repository.item(1)),
    ]:
        add_element(scheme, tag, text)
    return description


def list_metadata_formats(repository: Repository, args, verb) -> list[ET.Element]:
    if "identifier" in args:
        logged_row(repository, args["identifier"])
    element = ET.Element("ListMetadataFormats")
    metadata_format = ET.SubElement(element, "metadataFormat")
    add_element(metadata_format, "metadataPrefix", METADATA_PREFIX)
    add_element(metadata_format, "schema", OAI_DC_SCHEMA)
    add_element(metadata_format, "metadataNamespace", OAI_DC_NS)
    return [element]


def list_sets(repository: Repository, args, verb) -> list[ET.Element]:
    """Every issuer and type of a statement ever public, in one answer."""
    if "resumptionToken" in args:
        raise OAIError(
            "badResumptionToken", "ListSets is answered whole: it has no tokens."
        )
    element = ET.Element("ListSets")
    logged = PublicChange.objects.order_by()
    issuers = logged.filter(issuer_id__isnull=False).values("issuer_id").distinct()
    types = logged.values("type_id").distinct()
    add_set(element, "issuer", in_both_languages(lambda: gettext("Issuers")))
    for actor in Actor.objects.filter(pk__in=issuers).order_by("pk"):
        add_set(element, f"issuer:{actor.pk}", named(actor.name_ar, actor.name_en))
    add_set(element, "type", in_both_languages(lambda: gettext("Statement types")))
    for kind in StatementType.objects.filter(pk__in=types).order_by("code"):
        add_set(element, f"type:{kind.code}", named(kind.name_ar, kind.name_en))
    return [element]


def add_set(parent: ET.Element, spec: str, names: list[tuple[str, str]]) -> None:
    """A set: its spec, its names joined as its setName, each name in its language."""
    item = ET.SubElement(parent, "set")
    add_element(item, "setSpec", spec)
    add_element(item, "setName", " / ".join(n for n, _ in names) or spec)
    if names:
        description = ET.SubElement(item, "setDescription")
        description.append(dc_element([("title", n, lang) for n, lang in names]))


def get_record(repository: Repository, args, verb) -> list[ET.Element]:
    check_prefix(args["metadataPrefix"])
    row = logged_row(repository, args["identifier"])
    element = ET.Element("GetRecord")
    statements = published_statements([row])
    element.append(
        record(repository, row, statements.get(row.statement_id), type_codes([row]))
    )
    return [element]


def logged_row(repository: Repository, identifier: str) -> PublicChange:
    """The change-log row of the statement an identifier names, if ever public."""
    pk = statement_id(identifier, repository.identifier)
    row = PublicChange.objects.filter(statement_id=pk).first()
    if row is None:
        raise OAIError("idDoesNotExist", f"No item {identifier!r} in this repository.")
    return row


def list_items(repository: Repository, args, verb) -> list[ET.Element]:
    """ListIdentifiers and ListRecords: a page of the change log after the token."""
    listing = list_request(verb, args)
    rows = matching_rows(listing)
    page, more = next_page(rows, listing)
    element = ET.Element(verb)
    codes = type_codes(page)
    if verb == "ListRecords":
        statements = published_statements(page)
        for row in page:
            statement = statements.get(row.statement_id)
            element.append(record(repository, row, statement, codes))
    else:
        for row in page:
            deleted = row.state != PublicChange.State.PUBLISHED
            element.append(header(repository, row, deleted, codes))
    if more or listing.after:
        element.append(token_element(listing, page, more, rows.count()))
    return [element]


def next_page(rows, listing: ListRequest) -> tuple[list[PublicChange], bool]:
    """The rows of the page after the token's position, and whether more follow."""
    if listing.after:
        rows = rows.after(*listing.after)
    size = page_size()
    page = list(rows.in_order()[: size + 1])
    if not page:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    return page[:size], len(page) > size


def matching_rows(listing: ListRequest):
    """The settled change-log rows within the request's dates and set."""
    rows = PublicChange.objects.settled()
    start, end = date_range(listing.since, listing.until)
    if start:
        rows = rows.filter(changed_at__gte=start)
    if end:
        rows = rows.filter(changed_at__lt=end)
    if not listing.set_spec:
        return rows
    kind, value = set_parts(listing.set_spec)
    if kind == "issuer":
        return (
            rows.filter(issuer_id=int(value)) if value else rows.exclude(issuer_id=None)
        )
    if not value:
        return rows  # every statement has a type
    return rows.filter(
        type_id__in=StatementType.objects.filter(code=value).values("pk")
    )


def token_element(
    listing: ListRequest, page: list, more: bool, total: int
) -> ET.Element:
    """The resumptionToken of a page; empty on the last page of a resumed list."""
    attributes = {"completeListSize": str(total), "cursor": str(listing.cursor)}
    element = ET.Element("resumptionToken", attributes)
    if more:
        last = page[-1]
        position = (last.changed_at, last.statement_id)
        element.text = make_token(listing, position, listing.cursor + len(page))
    return element


def type_codes(rows: list[PublicChange]) -> dict[int, str]:
    kinds = StatementType.objects.filter(pk__in={row.type_id for row in rows})
    return dict(kinds.values_list("pk", "code"))


def published_statements(rows: list[PublicChange]) -> dict[int, Statement]:
    """The statements of the published rows, with all their Dublin Core reads."""
    ids = [
        row.statement_id for row in rows if row.state == PublicChange.State.PUBLISHED
    ]
    if not ids:
        return {}
    statements = Statement.objects.published().order_by()
    statements = statements.select_related("issuer", "type").prefetch_related(
        "tags", "places"
    )
    return statements.in_bulk(ids)


def header(
    repository: Repository, row: PublicChange, deleted: bool, codes
) -> ET.Element:
    element = ET.Element("header", {"status": "deleted"} if deleted else {})
    add_element(element, "identifier", repository.item(row.statement_id))
    add_element(element, "datestamp", utc(row.changed_at))
    if row.issuer_id:
        add_element(element, "setSpec", f"issuer:{row.issuer_id}")
    if row.type_id in codes:
        add_element(element, "setSpec", f"type:{codes[row.type_id]}")
    return element


def record(repository: Repository, row: PublicChange, statement, codes) -> ET.Element:
    """A record: its header, and its metadata unless it is deleted (``statement``
    None: retracted, removed, or changed since the row was read)."""
    element = ET.Element("record")
    element.append(header(repository, row, statement is None, codes))
    if statement is not None:
        metadata = ET.SubElement(element, "metadata")
        metadata.append(oai_dc(statement, repository.url(statement.pk)))
    return element


VERB_VIEWS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_items,
    "ListRecords": list_items,
}
