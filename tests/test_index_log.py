"""The index log: positions, gaps, compaction, retention, new nodes, per-node checks.

In one process on pytest's database, with real Whoosh indexes in temporary
folders; a second node is this process with another name and another data
folder (``as_node``). Real processes and servers: tests/test_nodes.py.
"""

import datetime
import io
import logging
import threading
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone
from haystack import connections

from statements.indexing import log, outbox
from statements.indexing.check import compare
from statements.indexing.lag import index_lag
from statements.indexing.log import Gap, Position
from statements.models import IndexNode, IndexTask, Statement
from statements.search import SearchRequest, search
from tests.factories import following_the_log, make_statement


def count(q: str) -> int:
    return search(SearchRequest(q=q)).count


@contextmanager
def as_node(settings, folder, name: str):
    """Run as another node: its own name, data folder (index lock) and index."""
    info = connections.connections_info["default"]
    previous = info["PATH"], settings.DATA_DIR, settings.ARCHIVE_NODE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    info["PATH"] = str(folder / "whoosh_index")
    settings.DATA_DIR, settings.ARCHIVE_NODE_NAME = folder, name
    connections.reload("default")
    # Its index, empty, as its ensure_index would leave it (a search never
    # creates one).
    connections["default"].get_backend().setup()
    try:
        yield
    finally:
        info["PATH"], settings.DATA_DIR, settings.ARCHIVE_NODE_NAME = previous
        connections.reload("default")


def published_quietly(title: str) -> Statement:
    """A published statement whose change wrote no log entry (as ``update()``)."""
    statement = make_statement(title, status=Statement.Status.DRAFT)
    Statement.objects.filter(pk=statement.pk).update(status="published")
    return statement


# Positions, without a database.


def test_an_id_missing_below_one_read_is_a_gap_until_it_is_read():
    position = Position(high_water=10).after([11, 12, 14], now=100.0)
    assert position.high_water == 14
    assert position.gaps == (Gap(13, 13, 100.0),)
    assert position.applied_up_to == 12
    filled = position.after([13, 15], now=101.0)
    assert (filled.high_water, filled.gaps, filled.applied_up_to) == (15, (), 15)


def test_a_gap_is_split_by_the_ids_that_commit_inside_it():
    position = Position(high_water=3).after([20], now=5.0)
    assert position.gaps == (Gap(4, 19, 5.0),)
    later = position.after([7, 8, 12], now=9.0)
    # Each part keeps the time it was first missed.
    assert later.gaps == (Gap(4, 6, 5.0), Gap(9, 11, 5.0), Gap(13, 19, 5.0))
    assert later.applied_up_to == 3


def test_gaps_missing_longer_than_the_timeout_are_given_up():
    position = Position(high_water=1).after([3, 6], now=0.0).after([9], now=50.0)
    kept, expired = position.given_up(now=60.0, timeout=30)
    assert expired == [Gap(2, 2, 0.0), Gap(4, 5, 0.0)]
    assert kept.gaps == (Gap(7, 8, 50.0),)
    assert kept.applied_up_to == 6


def test_a_position_reads_above_its_high_water_and_in_its_gaps():
    position = Position(high_water=10, gaps=(Gap(4, 5, 0.0),))
    unseen = str(position.unseen())
    assert "('pk__gt', 10)" in unseen
    assert "('pk__range', (4, 5))" in unseen


# One node.


@pytest.mark.django_db(transaction=True)
def test_an_entry_committed_after_a_later_numbered_one_is_still_applied():
    following_the_log()
    early, late = (
        published_quietly("بيان عن عنادان"),
        published_quietly("بيان عن حريتان"),
    )
    first = log.read_node().high_water + 1
    # The later-numbered entry commits first: its transaction took id first + 1.
    IndexTask.objects.create(pk=first + 1, statement_id=late.pk)
    assert outbox.drain_outbox() == 1
    assert (count("حريتان"), count("عنادان")) == (1, 0)
    node = log.read_node()
    assert node.high_water == first + 1
    assert [first, first] in [gap[:2] for gap in node.gaps]
    assert node.position < first
    # The earlier one commits now: the next drain reads it in its gap.
    IndexTask.objects.create(pk=first, statement_id=early.pk)
    assert outbox.drain_outbox() == 1
    assert (count("حريتان"), count("عنادان")) == (1, 1)
    node = log.read_node()
    assert node.high_water == first + 1
    assert [first, first] not in [gap[:2] for gap in node.gaps]


@pytest.mark.django_db(transaction=True)
def test_a_gap_never_filled_is_given_up_after_the_timeout_and_logged(settings, caplog):
    following_the_log()
    statement = published_quietly("بيان عن تل رفعت")
    newest = log.read_node().high_water
    IndexTask.objects.create(pk=newest + 2, statement_id=statement.pk)
    outbox.drain_outbox()
    node = log.read_node()
    assert [newest + 1, newest + 1] in [gap[:2] for gap in node.gaps]
    assert node.position <= newest
    settings.ARCHIVE_INDEX_GAP_SECONDS = 0
    with caplog.at_level(logging.INFO, logger="statements.indexing.log"):
        outbox.drain_outbox()
    assert f"entries {newest + 1}-{newest + 1} never committed" in caplog.text
    assert log.read_node().position == newest + 2


@pytest.mark.django_db(transaction=True)
def test_check_index_and_the_lag_report_this_nodes_waiting_entries():
    following_the_log()
    statement = make_statement("بيان عن مارع")
    # A change whose entry no drain applied (its process stopped first).
    Statement.objects.filter(pk=statement.pk).update(title="بيان عن اعزاز")
    IndexTask.objects.create(statement_id=statement.pk)
    IndexTask.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=40))
    lag = index_lag()
    assert (lag.entries, lag.node, lag.needs_rebuild) == (1, log.node_name(), False)
    assert 40 <= lag.seconds < 60
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", stdout=out)
    assert (
        f"Node {log.node_name()}: the index log applied up to entry" in out.getvalue()
    )
    assert "1 index log entries waiting." in out.getvalue()
    assert compare().pending == 1
    call_command("follow_index", "--once", stdout=io.StringIO())
    assert index_lag().entries == 0
    assert count("اعزاز") == 1


# Several nodes.


@pytest.mark.django_db(transaction=True)
def test_entries_are_compacted_only_once_every_node_has_applied_them(
    settings, tmp_path
):
    following_the_log()
    with as_node(settings, tmp_path / "b", "b"):
        following_the_log()
    statement = make_statement("بيان عن الباب")
    entry = IndexTask.objects.get(statement_id=statement.pk)
    # Node a applied it at once; b has not yet: the entry stays for b.
    assert count("الباب") == 1
    assert IndexNode.objects.get(name="b").position < entry.pk
    assert IndexTask.objects.filter(pk=entry.pk).exists()
    with as_node(settings, tmp_path / "b", "b"):
        assert count("الباب") == 0
        assert outbox.drain_outbox() == 1
        assert count("الباب") == 1
    assert not IndexTask.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_new_node_builds_its_index_from_the_database_then_follows_the_log(
    settings, tmp_path
):
    following_the_log()
    make_statement("بيان عن منبج")
    with as_node(settings, tmp_path / "b", "b"):
        out = io.StringIO()
        call_command("ensure_index", stdout=out)
        assert "Node b has not followed the index log yet: rebuilding." in (
            out.getvalue()
        )
        assert count("منبج") == 1
        assert IndexNode.objects.get(name="b").rebuild_reason.startswith("Node b")
    make_statement("بيان آخر عن منبج")
    with as_node(settings, tmp_path / "b", "b"):
        assert outbox.drain_outbox() == 1
        assert count("منبج") == 2
        assert not compare()


@pytest.mark.django_db(transaction=True)
def test_a_node_behind_the_retention_period_rebuilds_its_index_and_says_so(
    settings, tmp_path, caplog
):
    following_the_log()
    with as_node(settings, tmp_path / "b", "b"):
        following_the_log()
    statement = make_statement("بيان عن جنديرس")
    IndexTask.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    with caplog.at_level(logging.WARNING, logger="statements.indexing"):
        assert log.compact() == 1
    assert "index node b fell behind the log" in caplog.text
    assert not IndexTask.objects.exists()
    with as_node(settings, tmp_path / "b", "b"):
        lag = index_lag()
        assert lag.needs_rebuild
        assert lag.rebuild_reason.startswith("fell behind the index log")
        outbox.drain_outbox()
        assert count("جنديرس") == 1
        lag = index_lag()
        assert not lag.needs_rebuild
        assert lag.rebuilt_at is not None
        assert lag.rebuild_reason.startswith("fell behind the index log")
        assert not compare()
    assert statement.pk


@pytest.mark.django_db(transaction=True)
def test_follow_index_forgets_a_node_gone_for_good_and_names_the_nodes_it_knows():
    following_the_log()
    IndexNode.objects.create(name="gone")
    out = io.StringIO()
    call_command("follow_index", "--forget", "gone", stdout=out)
    assert "Forgot the index node gone." in out.getvalue()
    with pytest.raises(CommandError, match=f"nodes: {log.node_name()}"):
        call_command("follow_index", "--forget", "gone")


# Two real transactions, committing out of order.


def in_transaction(statement: Statement, took_id, commit, ids: list) -> None:
    """Publish the statement and write its entry; commit once ``commit`` is set."""
    try:
        with transaction.atomic():
            Statement.objects.filter(pk=statement.pk).update(status="published")
            outbox.write_tasks([statement.pk])
            ids.append(IndexTask.objects.get(statement_id=statement.pk).pk)
            took_id.set()
            assert commit.wait(30)
    finally:
        connection.close()


def writer(statement: Statement, ids: list) -> tuple[threading.Thread, ...]:
    took_id, commit = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=in_transaction, args=(statement, took_id, commit, ids)
    )
    thread.start()
    assert took_id.wait(30)
    return thread, commit


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="on SQLite one writer at a time holds the database: ids commit in order",
)
@pytest.mark.django_db(transaction=True)
def test_two_transactions_committing_out_of_order_are_both_applied():
    following_the_log()
    early = make_statement("بيان عن الشدادي", status=Statement.Status.DRAFT)
    late = make_statement("بيان عن الهول", status=Statement.Status.DRAFT)
    ids = []
    first, first_commits = writer(early, ids)  # takes the smaller id
    try:
        second, second_commits = writer(late, ids)
        second_commits.set()
        second.join(30)  # the larger id commits first
        assert ids[0] < ids[1]
        assert outbox.drain_outbox() == 1
        assert (count("الشدادي"), count("الهول")) == (0, 1)
        node = log.read_node()
        assert node.high_water == ids[1]
        assert any(first <= ids[0] <= last for first, last, _ in node.gaps)
    finally:
        first_commits.set()
        first.join(30)
    assert outbox.drain_outbox() == 1
    assert (count("الشدادي"), count("الهول")) == (1, 1)
    node = log.read_node()
    assert (node.gaps, node.position) == ([], ids[1])
