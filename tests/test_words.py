"""The words of each statement for the admin's search: written with the text by
every save and import, indexed by the database (SQLite's FTS5 table,
PostgreSQL's GIN index), filled for older statements by backfill_signatures."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from statements.curation.words import (
    FTS_TABLE,
    by_scan,
    fts5_query,
    having_stems,
    search_stems,
    statement_stems,
)
from statements.ingest import import_paths
from statements.models import Statement, StatementWords
from tests import postgresql_plans
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


def found(search: str) -> list[Statement]:
    return list(having_stems(Statement.objects.order_by("pk"), search_stems(search)))


def check_fts_index() -> None:
    """FTS5's own check that its index holds exactly the words table's stems
    (an error, "database disk image is malformed", when it does not). SQLite
    only: PostgreSQL's GIN index is the database's own business."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
        )


def test_the_stems_of_a_statement_are_those_of_its_title_and_text_once_each():
    stems = statement_stems("بيان عن الأمن", "قوات الأمن وللأمن في الرقة")
    assert stems == "امن بيان رقه قوه"


def test_a_new_statement_has_its_words():
    statement = make_statement("قوّات الأمن في الرقة", title="بيان")
    assert statement.words.stems == statement_stems("بيان", "قوّات الأمن في الرقة")


def test_a_search_word_finds_its_forms_with_prefixes_and_without_hamza():
    security = make_statement("تعزيز الأمن في المنطقة")
    make_statement("افتتاح مدرسة جديدة")
    for search in ("الامن", "الأمن", "والأمن", "للأمن", "أمن"):
        assert found(search) == [security], search


def test_every_stem_of_the_search_must_be_in_the_words():
    both = make_statement("قوات الأمن في الرقة")
    make_statement("قوات الأمن في حلب")
    assert found("الامن الرقة") == [both]


def test_editing_the_text_replaces_its_words():
    statement = make_statement("تعزيز الأمن في المنطقة")
    statement.body = "افتتاح مدرسة جديدة"
    statement.save()
    assert found("الامن") == []
    assert found("مدرسة") == [statement]
    check_fts_index()


def test_a_save_that_leaves_the_text_leaves_the_words():
    statement = make_statement("تعزيز الأمن")
    StatementWords.objects.filter(pk=statement.pk).update(stems="قديم")
    statement.status = Statement.Status.RETRACTED
    statement.save(update_fields=["status"])
    assert StatementWords.objects.get(pk=statement.pk).stems == "قديم"


def test_a_deleted_statement_leaves_the_index():
    kept, deleted = make_statement("الأمن أولا"), make_statement("الأمن ثانيا")
    deleted.delete()
    assert found("الامن") == [kept]
    check_fts_index()


@pytest.mark.parametrize("search", ['"', "*", "-", "'", "(", ")", "^", ":", "في"])
def test_punctuation_and_stopwords_alone_have_no_stems(search):
    assert search_stems(search) == []


def test_fts5_operators_in_a_search_are_words_to_find():
    near = make_statement("Troops stayed near the border OR beyond it.")
    make_statement("نص البيان")
    assert found("NEAR(") == [near]
    assert found("OR") == [near]
    assert found("AND") == []


def test_no_stems_leave_the_statements_as_they_are():
    statement = make_statement("نص البيان")
    assert list(having_stems(Statement.objects.all(), [])) == [statement]


def test_fts5_query_quotes_each_stem():
    assert fts5_query(["امن", 'a"b', "OR"]) == '"امن" AND "a""b" AND "OR"'


def test_the_scan_of_other_databases_finds_what_the_index_finds():
    security = make_statement("قوات الأمن في الرقة")
    make_statement("قوات اليوم الثامن في حلب")
    statements = Statement.objects.order_by("pk")
    for search in ("الامن", "قوات الرقة", "قوات"):
        stems = search_stems(search)
        by_index = having_stems(statements, stems)
        assert list(by_scan(statements, stems)) == list(by_index)
    assert list(by_scan(statements, ["امن"])) == [security]  # not ثامن


def test_latin_words_and_digits_are_found_by_the_index_as_by_the_scan():
    covid = make_statement("إصابات Covid-19 في 2020/05 حسب O'Brien")
    make_statement("Covid vaccines arrived in 2021")
    statements = Statement.objects.order_by("pk")
    for search in ("covid 19", "COVID-19", "2020", "o'brien", "brien 05"):
        stems = search_stems(search)
        assert list(having_stems(statements, stems)) == [covid], search
        assert list(by_scan(statements, stems)) == [covid], search


# The index of words each database's search reads (curation/words.py).
INDEX_OF_WORDS = {
    "sqlite": FTS_TABLE,
    "postgresql": "statements_statementwords_stems_gin",
}


def plan_of(sql: str, params) -> str:
    """The plan of a query, on PostgreSQL with only plans that need an index
    condition allowed: on a few rows it would read the table (see
    tests/postgresql_plans.py)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(row[-1] for row in cursor.fetchall())
        nodes = postgresql_plans.explain(
            cursor, sql, postgresql_plans.ONLY_BITMAPS, params
        )
        return "\n".join(node.get("Index Name", "") for node, _ in nodes)


@pytest.mark.skipif(
    connection.vendor not in INDEX_OF_WORDS, reason="other databases scan the words"
)
def test_the_search_reads_the_databases_index_of_words():
    make_statement("تعزيز الأمن في المنطقة")
    queryset = having_stems(Statement.objects.all(), search_stems("الأمن المنطقة"))
    plan = plan_of(*queryset.query.sql_with_params())
    assert INDEX_OF_WORDS[connection.vendor] in plan, plan


@pytest.mark.django_db(transaction=True)
def test_an_import_writes_the_words_of_new_and_changed_statements(tmp_path):
    path = tmp_path / "a.jsonl"
    record = {"external_id": "x", "title": "بيان", "body": "تعزيز الأمن"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_paths([path])
    statement = Statement.objects.get(external_id="x")
    assert statement.words.stems == statement_stems("بيان", "تعزيز الأمن")
    record["body"] = "افتتاح مدرسة"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_paths([path])
    assert found("مدرسة") == [statement] and found("الامن") == []
    check_fts_index()


def test_backfill_gives_older_statements_their_words_once():
    statement = make_statement("تعزيز الأمن", title="بيان")
    StatementWords.objects.all().delete()
    out = io.StringIO()
    call_command("backfill_signatures", stdout=out)
    assert "1 given their words" in out.getvalue()
    assert found("الامن") == [statement]
    call_command("backfill_signatures", stdout=out)
    assert "0 given their words" in out.getvalue()
    check_fts_index()
