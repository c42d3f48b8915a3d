"""The API's collection: one statement, the filtered list by cursor, the
changes a mirror follows, and the names; every response is checked against
the OpenAPI document (tests/api_document.py)."""

import datetime
import hashlib
import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate

from statements.ingest import import_paths
from statements.models import PublicChange, Statement
from tests.api_document import OPERATIONS, DocumentedClient, document
from tests.factories import make_statement, small_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return DocumentedClient(client)


@pytest.fixture
def archive():
    return small_archive()


def all_pages(api, url, params=None) -> list[dict]:
    results, data = [], api.get(url, params).json()
    results += data["results"]
    while data["next"]:
        data = api.get(data["next"].removeprefix("http://testserver")).json()
        results += data["results"]
    return results


def test_the_document_is_valid_openapi_and_lists_every_endpoint():
    validate(document())
    assert sorted(document()["paths"]) == sorted(OPERATIONS)


def test_a_statement_is_its_whole_public_record(api, archive):
    prisons = archive["prisons"]
    data = api.get(f"/api/v1/statements/{prisons.pk}").json()
    assert data["title"] == prisons.title
    assert data["body"] == prisons.body
    assert data["direction"] == "rtl"
    assert data["issuer"]["name_en"] == "Syrian Democratic Forces"
    assert data["date"] == "2020-05-03" and data["date_precision"] == "day"
    assert [p["name_ar"] for p in data["places"]] == ["الرقة"]
    assert [t["name"] for t in data["tags"]] == ["سجون"]
    assert data["sha256"] == prisons.sha256
    assert data["url"].startswith(f"http://testserver/statements/{prisons.pk}/")


def test_a_retracted_statement_is_listed_with_its_reason(api, archive):
    truce = archive["truce"]
    truce.status, truce.retraction_reason = "retracted", "نشر بالخطأ"
    truce.save()
    data = api.get(f"/api/v1/statements/{truce.pk}").json()
    assert (data["status"], data["retraction_reason"]) == ("retracted", "نشر بالخطأ")


@pytest.mark.parametrize("status", ["draft", "review"])
def test_drafts_and_statements_in_review_are_404(api, status):
    hidden = make_statement(status=status)
    response = api.get(f"/api/v1/statements/{hidden.pk}")
    assert response.status_code == 404
    assert "error" in response.json()


def test_unknown_id_is_404_with_a_message(api):
    response = api.get("/api/v1/statements/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["error"]


def test_the_list_pages_by_cursor_through_every_public_statement(api, archive):
    make_statement(status="draft")
    ids = [r["id"] for r in all_pages(api, "/api/v1/statements", {"page_size": 1})]
    public = Statement.objects.public().order_by("pk").values_list("pk", flat=True)
    assert ids == list(public)


def test_a_statement_added_while_paging_comes_once_at_the_end(api, archive):
    first = api.get("/api/v1/statements", {"page_size": 2}).json()
    added = make_statement("نص جديد")
    rest = all_pages(api, first["next"].removeprefix("http://testserver"))
    ids = [r["id"] for r in first["results"] + rest]
    assert len(ids) == len(set(ids)) == 4
    assert ids[-1] == added.pk


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"issuer": "قسد"}, {"prisons", "truce"}),
        ({"issuer": "United Nations"}, {"ceasefire"}),
        ({"tag": "سجون"}, {"prisons"}),
        ({"place": "{raqqa}"}, {"prisons"}),
        ({"issuer": "{un}"}, {"ceasefire"}),
        ({"lang": "en"}, {"ceasefire"}),
        ({"date_from": "2021"}, {"truce"}),
        ({"date_to": "2020-05"}, {"prisons"}),
        ({"issuer": "قسد", "date_from": "2021-01-09"}, {"truce"}),
    ],
)
def test_the_list_takes_the_search_pages_filters(api, archive, params, expected):
    ids_of = {f"{{{name}}}": str(archive[name].pk) for name in ("raqqa", "un")}
    params = {k: ids_of.get(v, v) for k, v in params.items()}
    ids = {r["id"] for r in api.get("/api/v1/statements", params).json()["results"]}
    assert ids == {archive[name].pk for name in expected}


def test_updated_since_lists_only_what_changed_after(api, archive):
    PublicChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=2))
    archive["truce"].title = "عنوان مصحح"
    archive["truce"].save()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    data = api.get("/api/v1/statements", {"updated_since": since}).json()
    assert [r["id"] for r in data["results"]] == [archive["truce"].pk]


@pytest.mark.parametrize(
    ("since", "after_it"),
    [
        ("0976-05-09T00:01:46-21:41", True),
        ("0001-01-01T00:00:00+05:00", True),
        ("9999-12-31T23:59:00-23:59", False),
    ],
)
def test_any_offset_iso_8601_allows_is_a_time_to_compare(
    api, archive, settings, since, after_it
):
    """Offsets of up to 24 hours (PostgreSQL takes 16), and the first and last
    years whatever the offset: compared as the same time in UTC."""
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 0
    public = set(Statement.objects.public().values_list("pk", flat=True))
    changes = api.get("/api/v1/changes", {"since": since}).json()["results"]
    assert {c["id"] for c in changes} == (public if after_it else set())
    listed = api.get("/api/v1/statements", {"updated_since": since}).json()
    assert {r["id"] for r in listed["results"]} == (public if after_it else set())


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "forged"}, "cursor"),
        ({"date_from": "2020-13"}, "date_from"),
        ({"date_to": "20/20"}, "date_to"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"issuer": "nobody at all"}, "issuer"),
        # A digit that is not an ASCII one (schemathesis found it: a 500).
        ({"issuer": "³"}, "issuer"),
        ({"place": "٣"}, "place"),
    ],
)
def test_bad_list_parameters_get_400_saying_what_to_fix(api, archive, params, field):
    response = api.get("/api/v1/statements", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["fields"]
    assert body["error"].startswith(field)


def test_a_cursor_of_another_list_is_refused(api, archive):
    cursor = signing.dumps([0], salt="api.cursor.actors", compress=True)
    response = api.get("/api/v1/statements", {"cursor": cursor})
    assert response.status_code == 400


def settle(settings):
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 0


def test_changes_say_what_a_mirror_must_do(api, archive, settings):
    settle(settings)
    PublicChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=2))
    PublicChange.objects.update(
        first_public_at=timezone.now() - datetime.timedelta(days=2)
    )
    since = timezone.now() - datetime.timedelta(days=1)
    truce, ceasefire = archive["truce"], archive["ceasefire"]
    truce.status = "retracted"
    truce.save()
    ceasefire.status = "review"
    ceasefire.save()
    archive["prisons"].tags.clear()
    new = make_statement()
    changes = all_pages(api, "/api/v1/changes", {"since": since.isoformat()})
    kinds = {c["id"]: c["change"] for c in changes}
    assert kinds == {
        truce.pk: "retracted",
        ceasefire.pk: "removed",
        archive["prisons"].pk: "updated",
        new.pk: "published",
    }
    removed = next(c for c in changes if c["id"] == ceasefire.pk)
    assert removed["api_url"] is None


def test_changes_page_by_cursor_in_order_and_a_removal_stays_listed(api, settings):
    settle(settings)
    ids = [make_statement().pk for _ in range(5)]
    Statement.objects.get(pk=ids[0]).delete()
    changes = all_pages(api, "/api/v1/changes", {"page_size": 2})
    assert [c["id"] for c in changes] == ids[1:] + ids[:1]
    assert changes[-1]["change"] == "removed"


def test_changes_leave_out_the_last_seconds_until_they_settle(api, settings):
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 60
    make_statement()
    data = api.get("/api/v1/changes").json()
    assert data["results"] == []
    assert datetime.datetime.fromisoformat(data["until"]) < timezone.now()


@pytest.mark.parametrize("params", [{"since": "last week"}, {"cursor": "x"}])
def test_bad_changes_parameters_get_400(api, params):
    assert api.get("/api/v1/changes", params).status_code == 400


def test_names_with_their_aliases(api, archive):
    actors = all_pages(api, "/api/v1/actors", {"page_size": 1})
    sdf = next(a for a in actors if a["id"] == archive["sdf"].pk)
    assert "قسد" in sdf["aliases"]
    places = api.get("/api/v1/places").json()["results"]
    assert places[0]["name_en"] == "Raqqa"
    tags = api.get("/api/v1/tags").json()["results"]
    assert tags[0]["name"] == "سجون"


@pytest.mark.parametrize("path", ["/api/", "/en/api/"])
def test_the_api_page_documents_every_endpoint_from_the_document(client, path):
    page = client.get(path).content.decode()
    for endpoint in document()["paths"]:
        assert endpoint in page
    assert "/api/v1/openapi.json" in page
    # Written on the server (no Swagger UI), nothing from another host.
    assert all(
        link.startswith(("/", "#"))
        for link in re.findall(r'(?:src|href)="([^"]*)"', page)
    )


@pytest.mark.parametrize(
    "url", ["/api/v1/statements?page_size=100", "/api/v1/changes", "/api/v1/actors"]
)
def test_a_list_page_costs_the_same_queries_with_10_or_60_statements(
    client, settings, archive, url
):
    settle(settings)
    counts = []
    for n in (7, 50):
        for _ in range(n):
            make_statement(issuer=archive["sdf"]).tags.add(archive["tag"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_record_links_the_original_bytes_and_gives_their_custody(
    api, client, tmp_path
):
    data = "بيان حول الهدنة\r\nتعلن القيادة العامة التزامها بالهدنة.\r\n".encode(
        "cp1256"
    )
    (tmp_path / "hudna.txt").write_bytes(data)
    assert (
        import_paths([tmp_path / "hudna.txt"], default_status="published").failed == 0
    )
    statement = Statement.objects.get()
    record = api.get(f"/api/v1/statements/{statement.pk}").json()
    original = record["original"]
    assert original["size"] == len(data)
    download = client.get(original["url"].removeprefix("http://testserver"))
    assert (
        hashlib.sha256(b"".join(download.streaming_content)).hexdigest()
        == (record["sha256"])
    )
    (received,) = record["custody"]["received"]
    assert received["file_name"] == "hudna.txt"
    assert received["file_sha256"] == hashlib.sha256(data).hexdigest()
    assert record["custody"]["published_at"] is not None


def test_a_statement_whose_original_was_not_kept_says_null(api):
    statement = make_statement()
    Statement.objects.filter(pk=statement.pk).update(sha256="0" * 64)
    record = api.get(f"/api/v1/statements/{statement.pk}").json()
    assert record["original"] is None
    listed = api.get("/api/v1/statements").json()["results"]
    assert listed[0]["original"] is None
