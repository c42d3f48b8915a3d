"""The API's "come back later" answers, as its OpenAPI document declares them.

A 429 (the rate limit, ``web.throttle``: a middleware that answers before
ninja, on every address under /api/v1/) and a 503 (the search index cannot be
read, ``web.api.errors``) are provoked for real, by requests past a low rate
and by deleting the index folder, and each answer is checked against the
document by the client every API test uses (``tests/api_document.py``):
status, JSON body and the ``Retry-After`` header.
"""

import shutil

import pytest
from django.core.cache import caches
from openapi_spec_validator import validate

from tests.api_document import OPERATIONS, DocumentedClient, check, document
from tests.factories import indexed, small_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return DocumentedClient(client)


@pytest.fixture
def archive():
    archive = small_archive()
    indexed(archive["prisons"], archive["ceasefire"], archive["truce"])
    return archive


def urls(archive) -> dict[str, str]:
    """A real request for each operation of the document."""
    return {
        "/api/v1/search": "/api/v1/search?q=الرقة",
        "/api/v1/statements": "/api/v1/statements?issuer=قسد",
        "/api/v1/statements/{pk}": f"/api/v1/statements/{archive['prisons'].pk}",
        "/api/v1/changes": "/api/v1/changes",
        "/api/v1/actors": "/api/v1/actors",
        "/api/v1/places": "/api/v1/places",
        "/api/v1/tags": "/api/v1/tags",
    }


@pytest.fixture
def low_rate(settings):
    """The API's rate limit on, at 2 requests a day (a window that does not
    end during the test), with no count left from another test."""
    document()  # read before the limit, which counts the document's address too
    settings.ARCHIVE_RATE_LIMITS_ENABLED = True
    settings.ARCHIVE_RATE_LIMITS = {"api": "2/d"}
    settings.ARCHIVE_TRUSTED_PROXY = 0
    caches["default"].clear()
    yield
    caches["default"].clear()


def retry_after(response) -> int:
    return int(response["Retry-After"])


def test_the_document_declares_429_everywhere_and_503_on_search_with_retry_after():
    validate(document())
    for path in OPERATIONS:
        responses = document()["paths"][path]["get"]["responses"]
        later = {"429", "503"} if path == "/api/v1/search" else {"429"}
        assert later <= set(responses), path
        for status in later:
            answer = responses[status]
            schema = answer["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, path
            assert answer["headers"]["Retry-After"]["required"] is True, path
            assert "Retry-After" in answer["description"], path


def test_every_operation_past_the_rate_answers_the_documented_429(
    api, archive, low_rate
):
    paths = urls(archive)
    allowed = [api.get(paths["/api/v1/tags"]) for _ in range(2)]
    assert [r.status_code for r in allowed] == [200, 200]
    for path, url in paths.items():
        refused = api.get(url)  # checked against the document, headers too
        assert refused.status_code == 429, path
        assert 0 < retry_after(refused) <= 86400
        assert refused.json()["error"].startswith("Too many requests"), path


def test_the_429_is_in_english_for_an_arabic_client(api, archive, low_rate):
    for _ in range(2):
        api.client.get("/api/v1/tags", HTTP_ACCEPT_LANGUAGE="ar")
    refused = api.client.get("/api/v1/tags", HTTP_ACCEPT_LANGUAGE="ar")
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Too many requests")


def test_without_the_index_search_answers_the_documented_503_and_the_rest_200(
    api, archive, search_index
):
    paths = urls(archive)
    assert api.get(paths["/api/v1/search"]).json()["count"] > 0
    shutil.rmtree(search_index.path)
    answers = {path: api.get(url) for path, url in paths.items()}
    statuses = {path: response.status_code for path, response in answers.items()}
    assert statuses == {path: 503 if "search" in path else 200 for path in paths}
    unavailable = answers["/api/v1/search"]
    assert retry_after(unavailable) > 0
    assert "unavailable" in unavailable.json()["error"]


def test_an_undocumented_or_broken_retry_after_fails_the_documented_client(
    api, archive, search_index
):
    """The check itself: a 503 whose Retry-After is not an integer is refused."""
    shutil.rmtree(search_index.path)
    response = api.client.get("/api/v1/search", {"q": "الرقة"})
    response["Retry-After"] = "soon"
    with pytest.raises(AssertionError, match="not an integer"):
        check(response, "/api/v1/search")
    del response["Retry-After"]
    with pytest.raises(AssertionError, match="no Retry-After header"):
        check(response, "/api/v1/search")


@pytest.mark.parametrize(
    ("path", "words"),
    [("/api/", "الترويسة Retry-After"), ("/en/api/", "in Retry-After the seconds")],
)
def test_the_api_page_lists_the_429_of_every_endpoint_and_explains_it(
    client, path, words
):
    page = client.get(path).content.decode()
    assert page.count("<code>429</code>") == len(OPERATIONS)
    assert page.count("<code>503</code>") == 1
    assert words in page
