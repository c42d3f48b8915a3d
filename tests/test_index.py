"""The index follows the database: batches, merges, two processes, rebuilds."""

import io
import sys
import types

import pytest
from django.core.management import call_command
from haystack import connections
from whoosh.fields import ID, TEXT, Schema

from statements.indexing import writer
from statements.models import Statement
from statements.search import SearchRequest, merging, search
from statements.search.analyzers import ArabicAnalyzer
from tests.factories import indexed, make_statement

pytestmark = pytest.mark.django_db


def count(q: str) -> int:
    return search(SearchRequest(q=q)).count


def test_many_small_commits_merge_segments_and_stay_searchable():
    # Whoosh merges small segments on commit: inlined postings used to crash it.
    for n in range(12):
        indexed(make_statement(f"قصف على الحسكة رقم {n}"))
    assert count("الحسكة") == 12


def test_a_batch_written_by_two_processes_is_searchable(monkeypatch):
    monkeypatch.setattr(writer, "PARALLEL_BATCH", 5)
    statements = [make_statement(f"اجتماع في القامشلي رقم {n}") for n in range(20)]
    writer.index_statements([s.pk for s in statements])
    assert count("القامشلي") == 20


def test_retracting_or_deleting_removes_from_the_index():
    first, second = indexed(
        make_statement("بيان عن منبج"), make_statement("بيان آخر عن منبج")
    )
    Statement.objects.filter(pk=first.pk).update(status=Statement.Status.RETRACTED)
    deleted = second.pk
    second.delete()
    writer.index_statements([first.pk, deleted])
    assert count("منبج") == 0


def test_rebuild_index_recreates_it_from_the_database():
    make_statement("بيان عن عفرين")
    assert count("عفرين") == 0  # saved outside a commit: never indexed
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert count("عفرين") == 1


def test_a_search_after_a_rebuild_reads_the_rebuilt_index():
    indexed(make_statement("بيان عن عفرين"))
    assert count("عفرين") == 1  # this thread keeps its searcher
    make_statement("بيان آخر عن عفرين")
    call_command("rebuild_index", interactive=False, verbosity=0)
    # A deleted and recreated index could be back at the version the searcher has.
    assert count("عفرين") == 2


@pytest.mark.django_db(transaction=True)
def test_a_save_or_delete_reaches_the_index_when_its_transaction_commits():
    statement = make_statement("بيان عن تل أبيض")
    assert count("تل أبيض") == 1
    statement.status = Statement.Status.DRAFT
    statement.save()
    assert count("تل أبيض") == 0
    statement.status = Statement.Status.PUBLISHED
    statement.save()
    statement.delete()
    assert count("تل أبيض") == 0


def test_ensure_index_rebuilds_an_index_made_with_fewer_fields(
    search_index, monkeypatch
):
    # Written by two processes, which read the schema from the index on disk.
    monkeypatch.setattr(writer, "PARALLEL_BATCH", 2)
    make_statement("بيان عن عفرين")
    make_statement("بيان آخر عن عفرين")
    old_schema = search_index.build_schema(
        connections["default"].get_unified_index().all_searchfields()
    )[1]
    old_schema.remove("month")
    old_schema.remove("digest")
    search_index.setup()
    search_index.storage.create_index(old_schema)
    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    assert "lacks the fields digest, month" in out.getvalue()
    assert {"digest", "month"} <= set(search_index.storage.open_index().schema.names())
    assert count("عفرين") == 2


def test_ensure_index_rebuilds_an_index_whose_analyzers_the_code_no_longer_has(
    search_index,
):
    # An index written before a release moved its analyzer classes: Whoosh
    # pickles them by module and class name, which no longer import.
    make_statement("بيان عن كوباني")
    gone = types.ModuleType("statements_gone_analysis")
    gone.GoneAnalyzer = type("GoneAnalyzer", (ArabicAnalyzer,), {})
    gone.GoneAnalyzer.__module__ = gone.__name__
    sys.modules[gone.__name__] = gone
    try:
        schema = Schema(id=ID(stored=True, unique=True), text=TEXT(gone.GoneAnalyzer()))
        search_index.setup()
        search_index.storage.create_index(schema)
    finally:
        del sys.modules[gone.__name__]
    out = io.StringIO()
    call_command("ensure_index", stdout=out)
    assert "written by another version of the code" in out.getvalue()
    assert count("كوباني") == 1


def test_merges_never_make_a_segment_larger_than_the_limit(monkeypatch, search_index):
    monkeypatch.setattr(merging, "MERGED_MAX_DOCUMENTS", 8)
    monkeypatch.setattr(merging, "MERGE_AT", 3)
    for n in range(30):  # one commit each
        writer.index_statements([make_statement(f"بيان عن الرقة رقم {n}").pk])
    segments = search_index.index.refresh()._segments()
    sizes = sorted(segment.doc_count_all() for segment in segments)
    assert max(sizes) <= 8 and len(segments) < 30, sizes
    assert sum(sizes) == 30
    assert count("الرقة") == 30
