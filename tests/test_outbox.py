"""The transactional outbox: log entries commit with their change and are applied after.

Real SQLite (pytest's), real Whoosh index, real file lock. Across processes:
tests/test_concurrency.py; several nodes and the log's gaps: tests/test_nodes.py.
"""

import fcntl
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from haystack import connections

from statements.indexing import log, outbox
from statements.indexing.check import compare
from statements.models import Actor, IndexTask, Place, Statement, Tag
from statements.search import SearchRequest, search
from tests.factories import following_the_log, indexed, make_actor, make_statement


def count(q: str) -> int:
    return search(SearchRequest(q=q)).count


class ProcessDied(Exception):
    """Raised by the first callback after a commit: the drains after it never run."""


def die_after_commit() -> None:
    """Stop the rest of this transaction's on-commit callbacks, as a crash would."""

    def die():
        raise ProcessDied

    transaction.on_commit(die)


def waiting() -> list[int]:
    """The statements of the log entries this node has not applied."""
    unseen = log.position_of(log.read_node()).unseen()
    return sorted(
        set(IndexTask.objects.filter(unseen).values_list("statement_id", flat=True))
    )


def check_index(*args: str) -> str:
    out = io.StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_task_is_written_in_the_change_transaction_and_rolled_back_with_it():
    with pytest.raises(RuntimeError), transaction.atomic():
        statement = make_statement("بيان عن دير الزور")
        assert waiting() == [statement.pk]
        raise RuntimeError("the change fails")
    assert waiting() == []
    assert count("دير الزور") == 0


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_the_change_is_indexed_and_the_node_moves_past_its_entry():
    following_the_log()
    with transaction.atomic():
        statement = make_statement("بيان عن دير الزور")
        assert count("دير الزور") == 0  # not before the commit
        (entry,) = IndexTask.objects.filter(statement_id=statement.pk)
    assert count("دير الزور") == 1
    assert waiting() == []
    assert log.read_node().position == entry.pk
    # The only node has applied it: the entry is compacted away.
    assert not IndexTask.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_tasks_of_a_process_stopped_before_its_drain_are_found_and_fixed():
    published = make_statement("بيان عن تدمر")
    with pytest.raises(ProcessDied), transaction.atomic():
        die_after_commit()
        published.title = "بيان عن حمص"
        published.save()
        hidden = make_statement("بيان عن تدمر", status=Statement.Status.DRAFT)
        hidden.status = Statement.Status.PUBLISHED
        hidden.save()
    assert waiting() == [published.pk, hidden.pk]
    with pytest.raises(CommandError, match="check_index --fix"):
        check_index()
    found = compare()
    assert (found.missing, found.stale) == ([hidden.pk], [published.pk])
    assert found.pending == 3  # one per save
    assert "Applied 3 waiting index log entries." in check_index("--fix")
    assert "The index matches the database." in check_index()
    assert (count("تدمر"), count("حمص")) == (2, 1)


@pytest.mark.django_db
def test_check_index_finds_missing_extra_stale_and_duplicated_documents(search_index):
    missing = make_statement("بيان عن جرابلس")
    extra, stale, twice = indexed(*(make_statement("بيان عن عفرين") for _ in range(3)))
    # QuerySet.update() sends no signal: the index is not told.
    Statement.objects.filter(pk=extra.pk).update(status=Statement.Status.RETRACTED)
    Statement.objects.filter(pk=stale.pk).update(body="بيان عن الباب")
    index = connections["default"].get_unified_index().get_index(Statement)
    search_index.apply(index, added=Statement.objects.for_index().filter(pk=twice.pk))
    IndexTask.objects.all().delete()
    following_the_log()

    found = compare()
    assert (found.missing, found.extra, found.stale, found.duplicated) == (
        [missing.pk],
        [extra.pk],
        [stale.pk],
        [twice.pk],
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", "--show", "1", stdout=out)
    expected = f"1 published but missing from the index (ids {missing.pk})"
    assert expected in out.getvalue()
    assert "Repaired 4 statements' documents." in check_index("--fix")
    assert not compare()
    assert (count("جرابلس"), count("عفرين"), count("الباب")) == (1, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_lock_holder_drains_what_was_committed_while_it_held_the_lock():
    with outbox.index_lock():
        statement = make_statement("بيان عن القائم")
        # Its drain found the lock taken and left the task to the holder.
        assert waiting() == [statement.pk]
        assert count("القائم") == 0
    assert waiting() == []
    assert count("القائم") == 1


@pytest.mark.django_db(transaction=True)
def test_a_drain_looks_again_after_releasing_the_lock(monkeypatch):
    late = make_statement("بيان عن الحسكة", status=Statement.Status.DRAFT)
    drain_held, arrived = outbox.drain_held, []

    def drain_then_another_writer_commits(progress, *args):
        drained = drain_held(progress, *args)
        if not arrived:
            # The last moment before the release: a commit finds the lock taken.
            Statement.objects.filter(pk=late.pk).update(status="published")
            outbox.write_tasks([late.pk])
            arrived.append(outbox.drain_outbox())
        return drained

    monkeypatch.setattr(outbox, "drain_held", drain_then_another_writer_commits)
    outbox.write_tasks([late.pk])
    assert outbox.drain_outbox() == 2
    assert arrived == [0]
    assert waiting() == []
    assert count("الحسكة") == 1


@pytest.mark.django_db(transaction=True)
def test_a_drain_does_not_wait_for_a_lock_another_process_holds():
    following_the_log()
    with open(outbox.lock_path(), "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # as another process would
        statement = make_statement("بيان عن البوكمال")
        assert outbox.drain_outbox() == 0
        fcntl.flock(other, fcntl.LOCK_UN)
    assert waiting() == [statement.pk]
    assert outbox.drain_outbox() == 1
    assert count("البوكمال") == 1


@pytest.mark.django_db(transaction=True)
def test_renaming_an_actor_or_adding_an_alias_reindexes_its_statements():
    actor = make_actor(name_ar="جيش الثوار")
    named = make_statement("بيان", issuer=actor)
    other = make_statement("بيان آخر")
    other.actors.add(actor)
    actor.name_en = "Army of Revolutionaries"
    actor.save()
    assert count("Revolutionaries") == 2
    actor.aliases.create(name="جيش الثوار السوري")
    assert count("السوري") == 2
    actor.save(update_fields=["kind"])
    assert waiting() == []
    assert not compare()
    assert named.pk != other.pk


@pytest.mark.django_db(transaction=True)
def test_links_changed_from_the_other_side_or_deleted_reindex_the_statements():
    statement = make_statement("بيان عن الطبقة")
    place = Place.objects.create(name_ar="الطبقة الجديدة")
    place.statements.add(statement)
    tag = Tag.objects.create(name="هدنة")
    tag.statements.add(statement)
    assert not compare()
    tag.statements.clear()
    assert not compare()
    tag.statements.add(statement)
    Tag.objects.filter(pk=tag.pk).delete()
    place.delete()
    Actor.objects.create(name_ar="لا أحد").delete()
    assert waiting() == []
    assert not compare()


@pytest.mark.django_db(transaction=True)
def test_an_import_inside_a_rolled_back_transaction_leaves_no_task(tmp_path):
    from statements.ingest import import_paths

    path = tmp_path / "one.jsonl"
    path.write_text('{"title": "بيان عن الميادين", "body": "قصف على الميادين"}')
    with pytest.raises(RuntimeError), transaction.atomic():
        assert import_paths([path]).created == 1
        assert len(waiting()) == 1
        raise RuntimeError("the outer transaction fails")
    assert waiting() == []
    assert import_paths([path]).created == 1
    assert waiting() == []
    assert count("الميادين") == 1


@pytest.mark.django_db(transaction=True)
def test_ensure_index_and_rebuild_index_do_the_tasks_left_behind():
    following_the_log()
    with pytest.raises(ProcessDied), transaction.atomic():
        die_after_commit()
        make_statement("بيان عن السفيرة")
    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    assert "Indexed 1 waiting index log entries." in out.getvalue()
    assert count("السفيرة") == 1
    with pytest.raises(ProcessDied), transaction.atomic():
        die_after_commit()
        make_statement("بيان آخر عن السفيرة")
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert waiting() == []
    assert count("السفيرة") == 2
