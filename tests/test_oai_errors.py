"""OAI-PMH's error conditions (web/oai_request.py): each answers with its OAI
error code, HTTP 200 and valid XML, never a server error; GET and POST."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from statements.models import Statement
from tests.factories import make_statement
from tests.test_oai import NS, error_code, identifiers, item, oai, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def oai_settings(settings):
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 0
    return settings


ERRORS = [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "set": "type"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020/13/40"},
        "badArgument",
    ),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2020-02-30"},
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2021-01-01T00:00:00",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2021-02-01",
            "until": "2021-01-01",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2021-01-01",
            "until": "2021-02-01T00:00:00Z",
        },
        "badArgument",
    ),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
        "badArgument",
    ),
    ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, "noRecordsMatch"),
    (
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": "oai:testserver:statement/9",
        },
        "idDoesNotExist",
    ),
    (
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": "oai:elsewhere.org:statement/1",
        },
        "idDoesNotExist",
    ),
    (
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": "oai:testserver:statement/" + "9" * 40,
        },
        "idDoesNotExist",
    ),
    ({"verb": "ListMetadataFormats", "identifier": "statement/1"}, "idDoesNotExist"),
    (
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai\x01dc",
            "identifier": "oai:testserver:statement/1",
        },
        "cannotDisseminateFormat",
    ),
]


@pytest.mark.parametrize(("params", "code"), ERRORS)
def test_each_error_condition_answers_with_its_oai_code(client, params, code):
    make_statement(status=Statement.Status.DRAFT)
    root = oai(client, **params)
    assert error_code(root) == code
    assert root.find("oai:error", NS).text
    request = root.find("oai:request", NS)
    assert request.text == "http://testserver/oai"
    if code in ("badVerb", "badArgument"):
        # The protocol: the base URL alone, no attributes, after these two.
        assert request.attrib == {}
    else:
        assert request.get("verb") == params["verb"]


def test_a_tampered_resumption_token_is_refused(client, settings):
    settings.ARCHIVE_OAI_PAGE_SIZE = 1
    make_statement(), make_statement()
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = token_of(first).text
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    root = oai(client, verb="ListIdentifiers", resumptionToken=tampered)
    assert error_code(root) == "badResumptionToken"
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == (
        "badResumptionToken"
    )
    assert (
        error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) is None
    )


def test_a_post_request_without_a_csrf_token_is_answered(client):
    statement = make_statement()
    harvester = Client(enforce_csrf_checks=True)
    response = harvester.post(
        "/oai",
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": item(statement),
        },
    )
    assert response.status_code == 200
    assert identifiers(ET.fromstring(response.content)) == [item(statement)]
