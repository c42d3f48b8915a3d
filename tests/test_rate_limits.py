"""Per-client rate limits on the costly addresses, and the PDFs kept by version.

The limits are off in the test settings; each test here turns them on with
a rate per day (a window that does not end in the middle of a test).
"""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from archive.cache import SharedFileCache
from statements import formats
from statements.models import Statement
from statements.web.throttle import Rate, request_group, seconds_left
from tests.factories import indexed, make_statement, small_archive

pytestmark = pytest.mark.django_db

LIMITS = {
    "search": "3/d",
    "api": "3/d",
    "pdf": "3/d",
    "original": "3/d",
    "feed": "3/d",
    "oai": "3/d",
    "data": "3/d",
}


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ARCHIVE_RATE_LIMITS_ENABLED = True
    settings.ARCHIVE_RATE_LIMITS = dict(LIMITS)
    settings.ARCHIVE_TRUSTED_PROXY = 0
    caches["default"].clear()
    caches["downloads"].clear()
    yield settings
    caches["default"].clear()
    caches["downloads"].clear()


def get_times(client, url: str, times: int, **headers):
    return [client.get(url, **headers) for _ in range(times)]


def test_search_past_its_rate_answers_429_with_retry_after_in_the_page_layout(client):
    *allowed, refused = get_times(client, "/search/?q=بيان", 4)
    assert [r.status_code for r in allowed] == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 86400
    page = refused.content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert "site-header" in page
    assert f"{refused['Retry-After']}" in page
    assert "no-cache" in refused["Cache-Control"]
    assert "Content-Security-Policy" in refused


def test_the_english_search_page_is_refused_in_english(client):
    get_times(client, "/en/search/?q=x", 3)
    refused = client.get("/en/search/?q=x")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert 'lang="en"' in page
    assert "Too many requests" in page


def test_the_api_answers_429_with_its_json_error_shape(client):
    *_, refused = get_times(client, "/api/v1/search?q=x", 4)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert set(body) == {"error", "fields"}
    assert "Too many requests" in body["error"] or "طلبات" in body["error"]
    assert int(refused["Retry-After"]) > 0


def test_oai_answers_503_with_retry_after_as_harvesters_expect(client):
    *allowed, refused = get_times(client, "/oai?verb=Identify", 4)
    assert [r.status_code for r in allowed] == [200, 200, 200]
    assert refused.status_code == 503
    assert int(refused["Retry-After"]) > 0


def test_each_group_counts_apart_and_other_pages_are_not_limited(client):
    statement = make_statement(title="بيان")
    get_times(client, "/search/?q=x", 4)
    assert client.get(f"/statements/{statement.pk}/pdf").status_code == 200
    assert client.get("/feed.atom").status_code == 200
    detail = get_times(client, statement.get_absolute_url(), 6)
    assert {r.status_code for r in detail} == {200}


def test_another_client_address_has_its_own_count(client):
    get_times(client, "/search/?q=x", 4, REMOTE_ADDR="192.0.2.1")
    assert client.get("/search/?q=x", REMOTE_ADDR="192.0.2.2").status_code == 200
    refused = client.get("/search/?q=x", REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client):
    for n in range(3):
        client.get("/search/?q=x", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    refused = client.get("/search/?q=x", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert refused.status_code == 429


def test_behind_a_trusted_proxy_the_right_most_hop_is_the_client(client, limits):
    limits.ARCHIVE_TRUSTED_PROXY = 1
    # The client writes any hop it likes on the left; the proxy appends the
    # address it really saw, and that one is counted.
    for n in range(3):
        client.get("/search/?q=x", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5")
    spoofed = client.get("/search/?q=x", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    assert spoofed.status_code == 429
    other = client.get("/search/?q=x", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 200


def test_two_trusted_proxies_count_the_hop_the_outer_one_saw(client, limits):
    limits.ARCHIVE_TRUSTED_PROXY = 2
    chain = "1.2.3.4, 203.0.113.7, 10.0.0.1"  # client's claim, client, outer proxy
    get_times(client, "/search/?q=x", 3, HTTP_X_FORWARDED_FOR=chain)
    again = client.get("/search/?q=x", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7, x")
    assert again.status_code == 429


def test_ipv6_clients_of_one_slash_64_share_a_count(client):
    for n in range(3):
        client.get("/search/?q=x", REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")
    same_net = client.get("/search/?q=x", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert same_net.status_code == 429
    other_net = client.get("/search/?q=x", REMOTE_ADDR="2001:db8:1:3::1")
    assert other_net.status_code == 200


def test_turned_off_nothing_is_limited(client, limits):
    limits.ARCHIVE_RATE_LIMITS_ENABLED = False
    responses = get_times(client, "/search/?q=x", 6)
    assert {r.status_code for r in responses} == {200}


def test_a_group_without_a_rate_is_not_limited(client, limits):
    limits.ARCHIVE_RATE_LIMITS = {"api": "3/d"}
    responses = get_times(client, "/search/?q=x", 6)
    assert {r.status_code for r in responses} == {200}


def test_the_count_starts_again_when_the_window_ends():
    rate = Rate(2, 60)
    start = 6_000_000.0  # the start of a minute
    assert [seconds_left("t", "c", rate, start + s) for s in (0, 10, 50)] == [0, 0, 10]
    assert seconds_left("t", "c", rate, start + 61) == 0


@pytest.mark.parametrize(
    ("url", "group"),
    [
        ("/search/", "search"),
        ("/en/search/", "search"),
        ("/api/v1/statements", "api"),
        ("/statements/7/pdf", "pdf"),
        ("/en/statements/7/pdf", "pdf"),
        ("/statements/7/original", "original"),
        ("/feed.atom", "feed"),
        ("/en/search/feed.rss", "feed"),
        ("/actors/3/feed.atom", "feed"),
        ("/oai", "oai"),
        ("/data/statements.jsonl.gz", "data"),
        ("/statements/7/", None),
        ("/", None),
        ("/admin/", None),
        ("/data/", None),
    ],
)
def test_each_costly_address_belongs_to_its_group(url, group):
    assert request_group(url) == group


def test_the_groups_match_the_urls_the_site_really_has():
    with translation.override("en"):
        urls = {
            reverse("statements:search"): "search",
            reverse("statements:pdf", args=[1]): "pdf",
            reverse("statements:original", args=[1]): "original",
            reverse("statements:search_atom"): "feed",
            reverse("statements:data_file", args=["x.csv"]): "data",
            reverse("oai"): "oai",
            reverse("api:search"): "api",
        }
    assert {url: request_group(url) for url in urls} == urls


@pytest.mark.parametrize("text", ["60", "60/x", "m/60", "-1/m", ""])
def test_a_rate_that_cannot_be_read_names_the_setting(text):
    with pytest.raises(Exception, match="ARCHIVE_RATE_LIMITS"):
        Rate.parse(text)


@pytest.fixture
def renders(monkeypatch):
    """Calls of the real PDF renderer, counted by a wrapper around it."""
    calls = []
    real = formats.statement_pdf

    def counted(statement, url):
        calls.append(statement.pk)
        return real(statement, url)

    monkeypatch.setattr(formats, "statement_pdf", counted)
    return calls


def test_a_pdf_is_rendered_once_per_version(client, limits, renders):
    limits.ARCHIVE_RATE_LIMITS_ENABLED = False
    statement = make_statement(
        title="بيان الهدنة", date_issued=datetime.date(2020, 1, 1)
    )
    first = client.get(f"/statements/{statement.pk}/pdf")
    second = client.get(f"/statements/{statement.pk}/pdf")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert renders == [statement.pk]


def test_an_edit_renders_the_pdf_again(client, limits, renders):
    limits.ARCHIVE_RATE_LIMITS_ENABLED = False
    statement = make_statement(title="بيان الهدنة")
    before = client.get(f"/statements/{statement.pk}/pdf").content
    statement.title = "بيان الهدنة المصحح"
    statement.save()
    after = client.get(f"/statements/{statement.pk}/pdf").content
    assert renders == [statement.pk, statement.pk]
    assert before != after


def test_a_retraction_renders_the_pdf_again(client, limits, renders):
    limits.ARCHIVE_RATE_LIMITS_ENABLED = False
    statement = make_statement(title="بيان")
    client.get(f"/statements/{statement.pk}/pdf")
    statement.status = Statement.Status.RETRACTED
    statement.retraction_reason = "منسوب خطأً"
    statement.save()
    client.get(f"/statements/{statement.pk}/pdf")
    assert len(renders) == 2


def test_each_interface_language_has_its_own_pdf(client, limits, renders):
    limits.ARCHIVE_RATE_LIMITS_ENABLED = False
    statement = make_statement(title="بيان")
    arabic = client.get(f"/statements/{statement.pk}/pdf").content
    english = client.get(f"/en/statements/{statement.pk}/pdf").content
    assert arabic != english
    assert len(renders) == 2


def test_a_refused_search_runs_no_search(client):
    """The 429 is answered before the view: no results, no marks."""
    archive = small_archive()
    indexed(archive["prisons"], archive["ceasefire"], archive["truce"])
    allowed = get_times(client, "/search/?q=الرقة", 3)
    refused = client.get("/search/?q=الرقة")
    assert all(b"<mark" in r.content for r in allowed)
    assert refused.status_code == 429
    assert b"<mark" not in refused.content


def test_the_shared_file_cache_removes_expired_entries_before_live_ones(tmp_path):
    cache = SharedFileCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 12, "CULL_EVERY": 1}}
    )
    for n in range(5):
        cache.set(f"old{n}", n, timeout=-1)  # already expired
    for n in range(10):
        cache.set(f"live{n}", n, timeout=60)
    cache.set("one-more", 1, timeout=60)  # 15 files: over 12, cull
    assert [cache.get(f"live{n}") for n in range(10)] == list(range(10))
    assert len(list(tmp_path.iterdir())) == 11
