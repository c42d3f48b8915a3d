"""Writers of the same statement wait for each other on PostgreSQL, which locks
rows, instead of deadlocking; where the database still ends an import for
meeting another writer (a deadlock, a key created meanwhile), the import runs
again. (SQLite lets one writer at a time: the processes of
tests/test_concurrency.py cover it, on both databases.)"""

import threading
import time

import pytest
from django.db import connection, transaction

from statements.ingest import import_paths
from statements.models import Statement, StatementWords
from tests.factories import make_statement
from tests.test_import import record, write_jsonl

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's"
    ),
]


def in_thread(work) -> tuple[threading.Thread, list]:
    """Run ``work`` on a connection of its own; what it raised goes in the list."""
    raised = []

    def run():
        try:
            work()
        except Exception as error:  # the test shows it
            raised.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, raised


@pytest.mark.parametrize("one_or_many", ["instance", "queryset"])
def test_a_deletion_waits_for_an_edit_of_the_same_statement(one_or_many):
    statement = make_statement("نص أول عن الرقة")
    with transaction.atomic():
        # The edit updates the statement's row first, as every save does...
        statement.title = "عنوان جديد"
        Statement.objects.filter(pk=statement.pk).update(title=statement.title)
        if one_or_many == "instance":
            deletion = Statement.objects.get(pk=statement.pk).delete
        else:
            deletion = Statement.objects.filter(pk=statement.pk).delete
        deleter, raised = in_thread(deletion)
        time.sleep(0.5)  # the deletion is under way, waiting for the edit
        # ...then the rows that refer to it: its words, which the deletion
        # would have deleted first, had it not locked the statement first.
        statement.body = "نص ثان عن الحسكة"
        statement.save()
    deleter.join(timeout=30)
    assert not deleter.is_alive()
    assert raised == []
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert not StatementWords.objects.filter(statement_id=statement.pk).exists()


def waiting_for_a_lock() -> None:
    """Until another connection to the test database waits for a row lock."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction the activity is read once, then kept.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                "'Lock' AND datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("nobody waited for a lock")


def importing(path) -> tuple[threading.Thread, list, list]:
    summaries = []
    thread, raised = in_thread(lambda: summaries.append(import_paths([path])))
    return thread, raised, summaries


def test_an_import_creating_a_statement_another_writer_just_created_updates_it(
    tmp_path,
):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1)])
    make_statement("نص أول")  # its type exists: the two meet on the external_id
    created, release = threading.Event(), threading.Event()

    def create_uncommitted():
        with transaction.atomic():
            make_statement("نص آخر", external_id="ext-1")
            created.set()
            release.wait(30)

    creator, creator_raised = in_thread(create_uncommitted)
    assert created.wait(30)
    importer, raised, summaries = importing(path)
    waiting_for_a_lock()  # the import's insert waits on the unique key
    release.set()
    for thread in (creator, importer):
        thread.join(timeout=30)
    # The import met the key taken, was rolled back and ran again: it matched.
    assert creator_raised == raised == []
    (summary,) = summaries
    assert (summary.created, summary.updated, summary.failed) == (0, 1, 0)
    assert Statement.objects.get(external_id="ext-1").body == record(1)["body"]


def test_an_import_that_deadlocks_with_another_writer_runs_again(tmp_path):
    first, second = make_statement("نص أول"), make_statement("نص ثان")
    for n, statement in enumerate((first, second), start=1):
        Statement.objects.filter(pk=statement.pk).update(external_id=f"ext-{n}")
    # The import updates the second statement, then the first...
    path = write_jsonl(tmp_path / "a.jsonl", [record(2), record(1)])
    locked = threading.Event()

    def opposite_order():
        with transaction.atomic():
            Statement.objects.filter(pk=first.pk).update(title="عنوان أ")
            locked.set()
            waiting_for_a_lock()  # the import holds the second, waits for the first
            Statement.objects.filter(pk=second.pk).update(title="عنوان ب")

    # ...while another writer holds the first and then wants the second.
    writer, writer_raised = in_thread(opposite_order)
    assert locked.wait(30)
    importer, raised, summaries = importing(path)
    for thread in (writer, importer):
        thread.join(timeout=60)
    # PostgreSQL ended the import (it waited first); it ran again after the
    # writer's commit.
    assert writer_raised == raised == []
    (summary,) = summaries
    assert (summary.updated, summary.failed) == (2, 0)
    titles = set(Statement.objects.values_list("title", flat=True))
    assert titles == {record(1)["title"], record(2)["title"]}
