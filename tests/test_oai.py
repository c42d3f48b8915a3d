"""OAI-PMH at /oai (web/oai.py, web/oai_request.py, formats/dublin_core.py): the six
verbs, sets, dates, resumption tokens, deleted records and every error code,
read back as XML; and a harvest of a live server by a real harvester (Sickle)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from statements.formats.dublin_core import dublin_core
from statements.models import PublicChange, Statement, StatementType
from tests.factories import make_actor, make_statement, small_archive

pytestmark = pytest.mark.django_db

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


@pytest.fixture(autouse=True)
def oai_settings(settings):
    # Changes are listed at once: no transaction of these tests stays open.
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 0
    return settings


def oai(client, **params) -> ET.Element:
    """The parsed answer to GET /oai?params; every answer is XML with HTTP 200."""
    if "from_" in params:
        params["from"] = params.pop("from_")
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['oai']}}}OAI-PMH"
    assert root.get(SCHEMA_LOCATION).endswith("/OAI-PMH.xsd")
    return root


def error_code(root: ET.Element) -> str | None:
    error = root.find("oai:error", NS)
    return None if error is None else error.get("code")


def identifiers(root: ET.Element) -> list[str]:
    return [e.text for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def item(statement) -> str:
    return f"oai:testserver:statement/{statement.pk}"


def token_of(root: ET.Element) -> ET.Element | None:
    return root.find(".//oai:resumptionToken", NS)


def dc_values(record: ET.Element, name: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.get(LANG)) for e in record.iterfind(f".//dc:{name}", NS)]


def set_changed_at(statement, moment: datetime.datetime) -> None:
    PublicChange.objects.filter(statement_id=statement.pk).update(changed_at=moment)


def utc(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


# Identify, ListMetadataFormats, ListSets


def test_identify_describes_a_repository_with_persistent_deletions(client):
    first = make_statement()
    set_changed_at(first, utc(2021, 3, 4, 5, 6, 7))
    make_statement()
    identify = oai(client, verb="Identify").find("oai:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai"
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    earliest = identify.findtext("oai:earliestDatestamp", namespaces=NS)
    assert earliest == "2021-03-04T05:06:07Z"
    assert identify.findtext("oai:adminEmail", namespaces=NS)


def test_identify_of_an_empty_archive_gives_a_fixed_earliest_datestamp(client):
    identify = oai(client, verb="Identify").find("oai:Identify", NS)
    assert identify.findtext("oai:earliestDatestamp", namespaces=NS) == (
        "2020-01-01T00:00:00Z"
    )


def test_a_repository_named_by_a_domain_describes_its_identifiers(client, settings):
    settings.ARCHIVE_OAI_REPOSITORY_IDENTIFIER = "statements.example.org"
    statement = make_statement()
    root = oai(client, verb="Identify")
    sample = root.findtext(".//id:oai-identifier/id:sampleIdentifier", namespaces=NS)
    assert sample == "oai:statements.example.org:statement/1"
    listed = identifiers(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))
    assert listed == [f"oai:statements.example.org:statement/{statement.pk}"]


def test_list_metadata_formats_offers_oai_dc_for_the_repository_and_an_item(client):
    statement = make_statement()
    for root in (
        oai(client, verb="ListMetadataFormats"),
        oai(client, verb="ListMetadataFormats", identifier=item(statement)),
    ):
        prefixes = [e.text for e in root.iterfind(".//oai:metadataPrefix", NS)]
        assert prefixes == ["oai_dc"]
        namespace = root.findtext(".//oai:metadataNamespace", namespaces=NS)
        assert namespace == NS["oai_dc"]


def test_list_sets_names_each_issuer_and_type_of_a_public_statement(client):
    archive = small_archive()
    drafts_only = make_actor("جهة بلا بيانات منشورة", "Unpublished body")
    make_statement(issuer=drafts_only, status=Statement.Status.DRAFT)
    root = oai(client, verb="ListSets")
    sets = {
        s.findtext("oai:setSpec", namespaces=NS): s.findtext(
            "oai:setName", namespaces=NS
        )
        for s in root.iterfind(".//oai:set", NS)
    }
    assert sets[f"issuer:{archive['sdf'].pk}"] == (
        "قوات سوريا الديمقراطية / Syrian Democratic Forces"
    )
    assert f"issuer:{archive['un'].pk}" in sets
    assert f"issuer:{drafts_only.pk}" not in sets
    assert "type:statement" in sets
    assert sets["issuer"] == "الجهات المُصدِرة / Issuers"
    assert sets["type"] == "أنواع البيانات / Statement types"
    titles = dc_values(root, "title")
    assert ("Syrian Democratic Forces", "en") in titles


# GetRecord and the Dublin Core of a statement


def test_get_record_gives_the_statement_in_dublin_core(client):
    archive = small_archive()
    prisons = archive["prisons"]
    prisons.source, prisons.source_url = "ANHA", "https://anha.example/1"
    prisons.save()
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=item(prisons)
    )
    record = root.find("oai:GetRecord/oai:record", NS)
    assert record.find("oai:header", NS).get("status") is None
    assert dc_values(record, "title") == [("بيان حول السجون", "ar")]
    assert dc_values(record, "creator") == [
        ("قوات سوريا الديمقراطية", "ar"),
        ("Syrian Democratic Forces", "en"),
    ]
    assert dc_values(record, "date") == [("2020-05-03", None)]
    assert dc_values(record, "language") == [("ar", None)]
    assert ("Text", None) in dc_values(record, "type")
    assert dc_values(record, "subject") == [("سجون", None)]
    assert dc_values(record, "coverage") == [("الرقة", "ar"), ("Raqqa", "en")]
    assert [v for v, _ in dc_values(record, "identifier")] == [
        f"http://testserver/statements/{prisons.pk}/",
        f"urn:sha256:{prisons.sha256}",
    ]
    assert [v for v, _ in dc_values(record, "source")] == [
        "ANHA",
        "https://anha.example/1",
    ]
    description = dc_values(record, "description")[0][0]
    assert description.startswith("تواصل قوّاتُنا حماية سجونِ الشمال")
    dc = record.find(".//oai_dc:dc", NS)
    assert dc.get(SCHEMA_LOCATION).endswith("/oai_dc.xsd")


def test_dublin_core_dates_keep_their_precision_and_note_a_retraction():
    year = make_statement(date_issued=datetime.date(2019, 1, 1), date_precision="year")
    month = make_statement(
        date_issued=datetime.date(2020, 3, 1), date_precision="month"
    )
    undated = make_statement()
    dates = [
        [v for n, v, _ in dublin_core(s, "u") if n == "date" and v]
        for s in (year, month, undated)
    ]
    assert dates == [["2019"], ["2020-03"], []]
    year.status = Statement.Status.RETRACTED
    year.retraction_reason = "nonexistent source"
    descriptions = [
        (v, lang) for n, v, lang in dublin_core(year, "u") if n == "description"
    ]
    assert descriptions[1:] == [
        ("سُحب هذا البيان. سبب السحب: nonexistent source", "ar"),
        (
            "This statement has been retracted. "
            "Reason for the retraction: nonexistent source",
            "en",
        ),
    ]


def test_a_long_text_is_described_by_its_start_cut_at_a_word():
    statement = make_statement("كلمة " * 200)
    description = next(
        v for n, v, _ in dublin_core(statement, "u") if n == "description"
    )
    assert description.endswith("كلمة …")
    assert len(description) <= 302


def test_the_permanent_url_does_not_follow_the_harvesters_language(client):
    statement = make_statement()
    response = client.get(
        "/oai",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": item(statement),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    urls = dc_values(ET.fromstring(response.content), "identifier")
    assert urls[0] == (f"http://testserver/statements/{statement.pk}/", None)


def test_characters_xml_cannot_carry_are_left_out_of_the_record(client):
    # NUL only where the database can hold it (SQLite; PostgreSQL cannot).
    nul = "\x00" if connection.vendor == "sqlite" else ""
    statement = make_statement("نص\x01 فيه\x0b محارف تحكم", title=f"عنوان\x08{nul}")
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=item(statement)
    )
    assert dc_values(root, "title") == [("عنوان", "ar")]
    assert dc_values(root, "description")[0][0] == "نص فيه محارف تحكم"


# ListIdentifiers and ListRecords: sets, dates, pages


def test_list_records_gives_every_public_statement_with_its_sets(client):
    archive = small_archive()
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    records = root.findall(".//oai:record", NS)
    assert len(records) == 3
    assert token_of(root) is None  # one page: no resumptionToken at all
    header = records[0].find("oai:header", NS)
    assert header.findtext("oai:identifier", namespaces=NS) == item(archive["prisons"])
    specs = [e.text for e in header.iterfind("oai:setSpec", NS)]
    assert specs == [f"issuer:{archive['sdf'].pk}", "type:statement"]


def test_sets_select_an_issuers_or_a_types_statements(client):
    archive = small_archive()
    order = StatementType.objects.create(code="order", name_en="order")
    ordered = make_statement(type=order)

    def listed(spec):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        return error_code(root) or identifiers(root)

    assert listed(f"issuer:{archive['sdf'].pk}") == [
        item(archive["prisons"]),
        item(archive["truce"]),
    ]
    assert listed("type:order") == [item(ordered)]
    assert item(ordered) not in listed("issuer")
    assert len(listed("type")) == 4
    assert listed("type:unknown") == "noRecordsMatch"
    assert listed("issuer:999999") == "noRecordsMatch"
    assert listed("actor:1") == "badArgument"
    assert listed("issuer:x") == "badArgument"


def test_from_and_until_select_by_datestamp_to_the_second_or_the_day(client):
    early, middle, late = make_statement(), make_statement(), make_statement()
    set_changed_at(early, utc(2025, 1, 1, 10, 0, 0))
    set_changed_at(middle, utc(2025, 1, 2, 12, 30, 15, 500000))
    set_changed_at(late, utc(2025, 1, 3, 8, 0, 0))

    def listed(**dates):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **dates)
        return error_code(root) or identifiers(root)

    assert listed(from_="2025-01-02") == [item(middle), item(late)]
    assert listed(until="2025-01-02") == [item(early), item(middle)]
    assert listed(from_="2025-01-02T12:30:15Z", until="2025-01-02T12:30:15Z") == [
        item(middle)
    ]
    assert listed(from_="2025-01-02T12:30:16Z") == [item(late)]
    assert listed(from_="2025-01-04") == "noRecordsMatch"
    assert len(listed(from_="0001-01-01", until="9999-12-31")) == 3


def test_a_change_not_yet_settled_is_listed_later_but_can_be_got(client, settings):
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 60
    statement = make_statement()
    listing = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert error_code(listing) == "noRecordsMatch"
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=item(statement)
    )
    assert identifiers(root) == [item(statement)]


# Deleted records and drafts


def test_retracted_reviewed_and_deleted_statements_stay_deleted_in_their_sets(client):
    issuer = make_actor("جهة", "Body")
    kept, retracted, reviewed, deleted = (
        make_statement(issuer=issuer) for _ in range(4)
    )
    retracted.status = Statement.Status.RETRACTED
    retracted.save()
    reviewed.status = Statement.Status.REVIEW
    reviewed.save()
    deleted_item = item(deleted)
    deleted.delete()
    for spec in (f"issuer:{issuer.pk}", "type:statement"):
        root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set=spec)
        status = {
            r.findtext("oai:header/oai:identifier", namespaces=NS): (
                r.find("oai:header", NS).get("status"),
                r.find("oai:metadata", NS) is not None,
            )
            for r in root.iterfind(".//oai:record", NS)
        }
        assert status == {
            item(kept): (None, True),
            item(retracted): ("deleted", False),
            item(reviewed): ("deleted", False),
            deleted_item: ("deleted", False),
        }
    got = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=deleted_item
    )
    assert got.find(".//oai:header", NS).get("status") == "deleted"


def test_a_retracted_statement_published_again_is_a_record_again(client):
    statement = make_statement()
    statement.status = Statement.Status.RETRACTED
    statement.save()
    statement.status = Statement.Status.PUBLISHED
    statement.save()
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert root.find(".//oai:header", NS).get("status") is None


def test_drafts_and_statements_in_review_never_appear(client):
    published = make_statement()
    draft = make_statement(status=Statement.Status.DRAFT)
    in_review = make_statement(status=Statement.Status.REVIEW)
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert identifiers(root) == [item(published)]
    for hidden in (draft, in_review):
        got = oai(
            client, verb="GetRecord", metadataPrefix="oai_dc", identifier=item(hidden)
        )
        assert error_code(got) == "idDoesNotExist"
