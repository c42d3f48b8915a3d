"""Writers of the same statement wait for each other on PostgreSQL, which locks
rows, instead of deadlocking. (SQLite lets one writer at a time: the
processes of tests/test_concurrency.py cover it, on both databases.)"""

import threading
import time

import pytest
from django.db import connection, transaction

from statements.models import Statement, StatementWords
from tests.factories import make_statement

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
