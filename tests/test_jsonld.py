"""The schema.org JSON-LD of statement pages, extracted by extruct as a crawler
reads it: what it says, and that no title or text can break out of its block."""

import datetime
import json

import extruct
import pytest

from statements.formats.jsonld import script_json
from statements.models import Actor, Place, Statement, Tag
from tests.factories import make_actor, make_statement, make_user

pytestmark = pytest.mark.django_db


def jsonld(client, statement: Statement, prefix: str = "") -> list[dict]:
    response = client.get(prefix + statement.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return extruct.extract(html, syntaxes=["json-ld"], uniform=False)["json-ld"]


@pytest.fixture
def statement():
    issuer = make_actor("قوات سوريا الديمقراطية", "Syrian Democratic Forces")
    made = make_statement(
        "تواصل قواتنا حماية سجون الشمال.",
        title="بيان حول السجون",
        issuer=issuer,
        date_issued=datetime.date(2020, 3, 15),
        date_precision="day",
        source="موقع القوات",
        source_url="https://sdf-press.com/ar/2020/03/15/",
        archived_url="https://web.archive.org/web/2020/https://sdf-press.com/",
        external_id="sdf-2020-031",
    )
    made.tags.add(Tag.objects.create(name="سجون"))
    made.places.add(Place.objects.create(name_ar="الرقة", name_en="Raqqa"))
    return made


def test_statement_page_describes_the_statement_as_a_creative_work(client, statement):
    [data] = jsonld(client, statement)
    permanent = f"http://testserver/statements/{statement.pk}/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["url"] == data["@id"] == permanent
    assert data["name"] == "بيان حول السجون"
    assert data["abstract"] == "تواصل قواتنا حماية سجون الشمال."
    assert data["inLanguage"] == "ar"
    assert data["dateCreated"] == data["datePublished"] == "2020-03-15"
    assert data["keywords"] == ["سجون"]
    assert data["spatialCoverage"] == [{"@type": "Place", "name": "الرقة"}]
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "موقع القوات",
        "url": "https://sdf-press.com/ar/2020/03/15/",
    }
    assert (
        data["archivedAt"] == "https://web.archive.org/web/2020/https://sdf-press.com/"
    )
    assert data["creativeWorkStatus"] == "Published"
    assert "correction" not in data


def test_issuer_is_the_author_with_its_names_in_both_languages(client, statement):
    [data] = jsonld(client, statement)
    assert data["author"] == {
        "@type": "Organization",
        "name": [
            {"@value": "قوات سوريا الديمقراطية", "@language": "ar"},
            {"@value": "Syrian Democratic Forces", "@language": "en"},
        ],
        "url": f"http://testserver/actors/{statement.issuer.pk}/",
    }


def test_a_person_issuer_is_a_person(client):
    person = make_actor("", "Ahmad Example", kind=Actor.Kind.PERSON)
    [data] = jsonld(client, make_statement(issuer=person))
    assert data["author"]["@type"] == "Person"
    assert data["author"]["name"] == [{"@value": "Ahmad Example", "@language": "en"}]


def test_sha256_and_external_id_are_identifiers(client, statement):
    [data] = jsonld(client, statement)
    assert data["identifier"] == [
        f"http://testserver/statements/{statement.pk}/",
        {"@type": "PropertyValue", "propertyID": "SHA-256", "value": statement.sha256},
        {
            "@type": "PropertyValue",
            "propertyID": "external identifier",
            "value": "sdf-2020-031",
        },
    ]


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "2020"), ("month", "2020-03"), ("day", "2020-03-15")],
)
def test_date_keeps_its_precision(client, precision, shown):
    made = make_statement(
        date_issued=datetime.date(2020, 3, 1 if precision != "day" else 15),
        date_precision=precision,
    )
    [data] = jsonld(client, made)
    assert data["dateCreated"] == data["datePublished"] == shown


def test_undated_statement_has_no_date(client):
    [data] = jsonld(client, make_statement())
    assert "dateCreated" not in data and "datePublished" not in data
    assert "author" not in data and "isBasedOn" not in data


def test_retracted_statement_says_so_and_why(client, statement):
    statement.status = Statement.Status.RETRACTED
    statement.retraction_reason = "نفت الجهة المصدرة النص."
    statement.save()
    [data] = jsonld(client, statement)
    assert data["creativeWorkStatus"] == "Retracted"
    assert data["correction"] == {
        "@type": "CorrectionComment",
        "text": "نفت الجهة المصدرة النص.",
    }


def test_english_page_gives_the_english_permanent_url(client, statement):
    [data] = jsonld(client, statement, prefix="/en")
    assert data["url"] == f"http://testserver/en/statements/{statement.pk}/"
    assert data["name"] == "بيان حول السجون"  # the text as published, untranslated


HOSTILE_TITLE = "</script><script>alert(1)</script> <!-- «قصف» & \u2028 end"
HOSTILE_BODY = "</SCRIPT>\u2029<!--<script>\n-->نص"


def test_script_end_comment_and_line_separators_stay_inside_the_block(client):
    made = make_statement(HOSTILE_BODY, title=HOSTILE_TITLE)
    html = client.get(made.get_absolute_url()).content.decode()
    [data] = jsonld(client, made)
    assert data["name"] == HOSTILE_TITLE
    assert data["abstract"] == HOSTILE_BODY
    block = html.split('<script type="application/ld+json">', 1)[1]
    block = block.split("</script>", 1)[0]
    assert json.loads(block)["name"] == HOSTILE_TITLE  # the whole block, one JSON
    assert "<script>alert" not in html


def test_script_json_has_no_character_the_html_parser_would_act_on():
    data = {"name": HOSTILE_TITLE, "text": HOSTILE_BODY}
    text = script_json(data)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == data


def test_preview_of_a_draft_has_no_jsonld(client):
    client.force_login(make_user("editor", "editors"))
    draft = make_statement(status=Statement.Status.DRAFT)
    assert jsonld(client, draft) == []
