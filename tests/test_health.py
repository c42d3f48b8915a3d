"""GET /healthz: the database, the search index and the index's lag, for load balancers.

A real database and a real Whoosh index in a temporary folder (the autouse
``search_index`` fixture); the index damaged by removing or cutting its files.
An unreachable database is tested against a running server in tests/test_serve.py.
"""

import datetime
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from statements.indexing.outbox import write_tasks
from statements.models import IndexNode, IndexTask
from tests.factories import following_the_log, indexed, make_statement

pytestmark = pytest.mark.django_db


def in_index(*statements):
    """Statements in the index with no task left, as after a drain (the tasks
    their creation wrote wait for a commit these tests never make)."""
    indexed(*statements)
    IndexTask.objects.all().delete()
    return list(statements)


def index_folder(search_index) -> Path:
    return Path(search_index.path)


def test_a_node_with_a_readable_index_and_no_backlog_is_healthy(client):
    in_index(make_statement(), make_statement())
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == "ok"
    assert report["index"] == "ok"
    assert report["documents"] == 2
    assert report["lag"]["entries"] == 0
    assert report["lag"]["seconds"] == 0


def test_healthz_is_never_cached_and_is_outside_the_language_prefixes(client):
    in_index(make_statement())
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert client.get("/en/healthz").status_code == 404


def test_a_removed_index_folder_makes_the_node_unhealthy(client, search_index):
    in_index(make_statement())
    shutil.rmtree(index_folder(search_index))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["index"] == "error"
    # The check never creates an index in its place.
    assert not index_folder(search_index).exists()


def test_a_damaged_table_of_contents_makes_the_node_unhealthy(client, search_index):
    in_index(make_statement())
    (toc,) = index_folder(search_index).glob("_MAIN_*.toc")
    toc.write_bytes(toc.read_bytes()[:40])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["index"] == "error"
    assert response.json()["database"] == "ok"


def test_a_segment_whose_files_are_gone_makes_the_node_unhealthy(client, search_index):
    in_index(make_statement())
    for posting in index_folder(search_index).glob("MAIN_*"):
        if posting.name != "MAIN_WRITELOCK":
            posting.unlink()
    assert client.get("/healthz").status_code == 503


def test_changes_not_yet_indexed_are_reported_as_lag(client):
    first, second = in_index(make_statement(), make_statement())
    # Written as a change's transaction writes them, and not drained.
    write_tasks([first.pk, second.pk])
    IndexTask.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=42))
    response = client.get("/healthz")
    assert response.status_code == 200
    lag = response.json()["lag"]
    assert lag["entries"] == 2
    assert 42 <= lag["seconds"] < 60


def test_a_lag_beyond_the_threshold_makes_the_node_unhealthy(client, settings):
    settings.ARCHIVE_HEALTH_MAX_LAG_SECONDS = 30
    (statement,) = in_index(make_statement())
    write_tasks([statement.pk])
    IndexTask.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["lag"]["max_seconds"] == 30


def test_healthz_costs_two_queries_whatever_the_backlog(
    client, django_assert_num_queries
):
    statements = in_index(*(make_statement() for _ in range(3)))
    write_tasks([s.pk for s in statements] * 50)
    # This node's row, then one aggregate over the entries it has not applied.
    with django_assert_num_queries(2):
        assert client.get("/healthz").status_code == 200


def test_healthz_shows_how_far_this_node_follows_the_log_and_if_it_must_rebuild(
    client,
):
    in_index(make_statement())
    following_the_log()
    lag = client.get("/healthz").json()["lag"]
    assert lag["position"] == IndexNode.objects.get().position
    assert lag["needs_rebuild"] is False
    assert lag["rebuilt_at"] is not None
    # As the log's compaction marks a node that fell behind its retention.
    IndexNode.objects.update(needs_rebuild=True)
    assert client.get("/healthz").json()["lag"]["needs_rebuild"] is True
