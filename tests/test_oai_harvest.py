"""Harvesting /oai page by page: resumption tokens that stay correct while the
archive changes, pages whose cost does not grow with the archive, and a whole
harvest of a live server by a real OAI-PMH harvester (Sickle)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, IdDoesNotExist, NoRecordsMatch

from statements.models import Place, PublicChange, Statement, Tag
from tests.factories import make_actor, make_statement
from tests.test_oai import error_code, identifiers, item, oai, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def oai_settings(settings):
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 0
    settings.ARCHIVE_OAI_PAGE_SIZE = 2
    return settings


def harvest(client, verb="ListIdentifiers", between_pages=None, **params):
    """Every page of a list, following its tokens: (identifiers, token elements)."""
    root = oai(client, verb=verb, metadataPrefix="oai_dc", **params)
    found, tokens = identifiers(root), []
    while (token := token_of(root)) is not None:
        tokens.append(token)
        if not token.text:
            break
        if between_pages:
            between_pages(len(tokens))
        root = oai(client, verb=verb, resumptionToken=token.text)
        assert error_code(root) is None
        found += identifiers(root)
    return found, tokens


def test_a_harvest_pages_through_every_record_with_cursor_and_list_size(client):
    made = [make_statement() for _ in range(5)]
    found, tokens = harvest(client)
    assert found == [item(s) for s in made]
    assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [
        ("0", "5"),
        ("2", "5"),
        ("4", "5"),
    ]
    assert tokens[-1].text is None  # the last page of a resumed list: empty token


def test_statements_added_during_a_harvest_are_each_harvested_once(client):
    made = [make_statement() for _ in range(5)]

    def add_two(page: int) -> None:
        if page <= 2:
            made.extend(make_statement() for _ in range(2))

    found, _tokens = harvest(client, "ListRecords", between_pages=add_two)
    assert len(made) == 9
    assert found == [item(s) for s in made]


def test_a_token_keeps_the_harvests_set_and_dates(client):
    issuer = make_actor("جهة", "Body")
    mine = []
    for _ in range(5):
        mine.append(make_statement(issuer=issuer))
        make_statement()  # another issuer's, between mine: left out by the set
    PublicChange.objects.filter(statement_id=mine[4].pk).update(
        changed_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    found, tokens = harvest(client, set=f"issuer:{issuer.pk}", until="2029-12-31")
    assert found == [item(s) for s in mine[:4]]
    assert len(tokens) == 2


def test_a_record_changed_during_a_harvest_comes_again_with_its_new_state(client):
    made = [make_statement() for _ in range(4)]

    def retract_first(page: int) -> None:
        if page == 1:
            made[0].status = Statement.Status.RETRACTED
            made[0].save()

    found, _tokens = harvest(client, between_pages=retract_first)
    assert found == [item(s) for s in made] + [item(made[0])]


def test_a_page_of_records_costs_the_same_queries_in_a_larger_archive(client, settings):
    settings.ARCHIVE_OAI_PAGE_SIZE = 100
    issuer = make_actor("جهة", "Body")
    place = Place.objects.create(name_ar="حلب", name_en="Aleppo")
    tag = Tag.objects.create(name="قصف")

    def add(count: int) -> None:
        for _ in range(count):
            statement = make_statement(issuer=issuer)
            statement.places.add(place)
            statement.tags.add(tag)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            oai(client, verb="ListRecords", metadataPrefix="oai_dc")
        return len(captured)

    add(5)
    small = queries()
    add(60)
    assert queries() == small


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_a_live_server_across_resumption_tokens(live_server):
    issuer = make_actor("القيادة العامة", "General Command")
    made = [make_statement(f"نص البيان {n}", issuer=issuer) for n in range(5)]
    made[1].status = Statement.Status.RETRACTED
    made[1].save()
    make_statement(status=Statement.Status.DRAFT)
    sickle = Sickle(f"{live_server.url}/oai")
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    # Three pages of two: the retracted statement moved to the end of the log.
    order = [made[0], made[2], made[3], made[4], made[1]]
    host = live_server.url.split("//")[1].split(":")[0]
    assert [r.header.identifier for r in records] == [
        f"oai:{host}:statement/{s.pk}" for s in order
    ]
    assert [r.deleted for r in records] == [False] * 4 + [True]
    assert records[0].metadata["creator"] == ["القيادة العامة", "General Command"]
    assert records[0].metadata["description"] == ["نص البيان 0"]
    headers = list(
        sickle.ListIdentifiers(metadataPrefix="oai_dc", set=f"issuer:{issuer.pk}")
    )
    assert len(headers) == 5
    record = sickle.GetRecord(
        identifier=records[2].header.identifier, metadataPrefix="oai_dc"
    )
    assert record.metadata["title"] == [made[3].title]
    assert sickle.Identify().deletedRecord == "persistent"


@pytest.mark.django_db(transaction=True)
def test_sickle_raises_the_oai_errors_of_a_live_server(live_server):
    sickle = Sickle(f"{live_server.url}/oai", http_method="POST")
    with pytest.raises(NoRecordsMatch):
        next(iter(sickle.ListRecords(metadataPrefix="oai_dc")))
    with pytest.raises(BadArgument):
        next(iter(sickle.ListRecords(metadataPrefix="oai_dc", until="yesterday")))
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:nowhere:statement/1", metadataPrefix="oai_dc")
