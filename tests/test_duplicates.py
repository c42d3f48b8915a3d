"""Near-duplicates: shingles, MinHash bands, the exact check, and imports that
link republications instead of creating silent twins."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from statements.arabic import normalized_text
from statements.curation.duplicates import (
    find_near_duplicates,
    jaccard,
    shingles,
    signature,
    text_keys,
)
from statements.ingest import import_paths
from statements.models import SignatureBand, Statement
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_3a983311a22140ec.txt"
# The seed's text: a real communiqué of 560 words.
COMMUNIQUE = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
OTHER = (
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة حلب بسعة مئتي سرير، "
    "ويضم المستشفى أقساما للطوارئ والجراحة والأطفال، وقال الوزير إن العمل جار "
    "على تجهيز مراكز صحية أخرى في الأرياف خلال الأشهر المقبلة."
)


def republished(text: str) -> str:
    """The same communiqué as another outlet runs it: a byline, a word changed."""
    return "وكالة الأنباء المحلية - " + text.replace("الدولي", "العالمي", 1)


def test_shingles_are_three_word_sequences_of_the_normalized_words():
    assert shingles(normalized_text("قوّات الأمن في الرقة")) == {
        "قوات الامن في",
        "الامن في الرقه",
    }
    assert shingles("") == frozenset()


def test_jaccard_of_equal_and_disjoint_sets():
    assert jaccard(frozenset("ab"), frozenset("ab")) == 1.0
    assert jaccard(frozenset("ab"), frozenset("cd")) == 0.0
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_signatures_of_alike_texts_agree_in_most_bins():
    a = signature(shingles(normalized_text(COMMUNIQUE)))
    b = signature(shingles(normalized_text(republished(COMMUNIQUE))))
    c = signature(shingles(normalized_text(OTHER)))
    assert len(a) == 32
    assert sum(x == y for x, y in zip(a, b, strict=True)) >= 24
    assert sum(x == y for x, y in zip(a, c, strict=True)) <= 2


def test_an_exact_copy_is_found_with_similarity_one():
    original = make_statement(COMMUNIQUE)
    matches = find_near_duplicates(normalized_text(COMMUNIQUE))
    assert [(m.statement, m.similarity) for m in matches] == [(original, 1.0)]


def test_a_copy_with_other_diacritics_and_hamzas_is_an_exact_match():
    original = make_statement("قوّاتُ الأمن تعلن إغلاق الطريق الدولي أمام المدنيين")
    matches = find_near_duplicates(
        normalized_text("قوات الامن تعلن اغلاق الطريق الدولي امام المدنيين")
    )
    assert [(m.statement, m.similarity) for m in matches] == [(original, 1.0)]


def test_a_republication_with_a_byline_and_a_changed_word_is_a_near_duplicate():
    original = make_statement(COMMUNIQUE)
    matches = find_near_duplicates(normalized_text(republished(COMMUNIQUE)))
    assert [m.statement for m in matches] == [original]
    assert 0.9 <= matches[0].similarity < 1.0


def test_a_clearly_different_text_is_not_flagged():
    make_statement(COMMUNIQUE)
    assert find_near_duplicates(normalized_text(OTHER)) == []


def test_a_text_sharing_only_its_first_half_is_not_flagged():
    make_statement(COMMUNIQUE)
    half = COMMUNIQUE[: len(COMMUNIQUE) // 2] + OTHER
    assert find_near_duplicates(normalized_text(half)) == []


def test_the_statement_being_edited_is_not_its_own_duplicate():
    original = make_statement(COMMUNIQUE)
    normalized = normalized_text(original.body)
    assert find_near_duplicates(normalized, exclude=[original.pk]) == []


def test_candidates_come_from_the_stored_bands_not_from_a_scan():
    original = make_statement(COMMUNIQUE)
    assert SignatureBand.objects.filter(statement=original).count() == 8
    SignatureBand.objects.filter(statement=original).delete()
    assert find_near_duplicates(normalized_text(COMMUNIQUE)) == []


def test_editing_the_text_replaces_the_bands():
    statement = make_statement(COMMUNIQUE)
    statement.body = OTHER
    statement.save()
    keys = set(SignatureBand.objects.values_list("key", flat=True))
    assert keys == set(text_keys(normalized_text(OTHER)))


def write_jsonl(path: Path, records: list[dict]) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_an_import_links_a_near_duplicate_both_ways_and_reports_file_and_line(
    tmp_path,
):
    original = make_statement(COMMUNIQUE, title="البيان الأصلي")
    path = write_jsonl(
        tmp_path / "outlets.jsonl",
        [
            {"external_id": "other", "title": "خبر آخر", "body": OTHER},
            {
                "external_id": "copy",
                "title": "نقلا عن",
                "body": republished(COMMUNIQUE),
            },
        ],
    )
    summary = import_paths([path])
    assert summary.created == 2
    [duplicate] = summary.duplicates
    copy = Statement.objects.get(external_id="copy")
    assert (duplicate.path, duplicate.line, duplicate.statement) == (path, 2, copy)
    assert [m.statement for m in duplicate.archived] == [original]
    assert f"outlets.jsonl:2: near-duplicate of statement {original.pk}" in str(
        duplicate
    )
    assert list(copy.republications.all()) == [original]
    assert list(original.republications.all()) == [copy]


@pytest.mark.django_db(transaction=True)
def test_twins_within_one_file_are_linked_to_the_earlier_line(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"external_id": "a", "body": COMMUNIQUE},
            {"external_id": "b", "body": OTHER},
            {"external_id": "c", "body": republished(COMMUNIQUE)},
        ],
    )
    summary = import_paths([path])
    [duplicate] = summary.duplicates
    assert [line for line, _ in duplicate.earlier] == [1]
    first, third = (Statement.objects.get(external_id=x) for x in "ac")
    assert list(third.republications.all()) == [first]
    assert list(first.republications.all()) == [third]


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_reports_duplicates_and_links_nothing(tmp_path):
    original = make_statement(COMMUNIQUE)
    path = write_jsonl(tmp_path / "a.jsonl", [{"body": republished(COMMUNIQUE)}])
    summary = import_paths([path], dry_run=True)
    assert len(summary.duplicates) == 1
    assert Statement.objects.count() == 1
    assert not original.republications.exists()


def test_backfill_fills_the_bands_of_older_statements():
    statement = make_statement(COMMUNIQUE)
    SignatureBand.objects.all().delete()
    out = io.StringIO()
    call_command("backfill_signatures", stdout=out)
    assert "0 given their words, 1 signed" in out.getvalue()
    assert SignatureBand.objects.filter(statement=statement).count() == 8
    assert find_near_duplicates(normalized_text(COMMUNIQUE))[0].statement == statement


@pytest.mark.django_db(transaction=True)
def test_the_import_command_names_each_near_duplicate_and_counts_them(tmp_path):
    original = make_statement(COMMUNIQUE)
    path = write_jsonl(tmp_path / "a.jsonl", [{"body": republished(COMMUNIQUE)}])
    out = io.StringIO()
    call_command("import_statements", str(path), stdout=out)
    assert f"a.jsonl:1: near-duplicate of statement {original.pk}" in out.getvalue()
    assert "1 near-duplicates linked as republications" in out.getvalue()


def test_a_statements_signature_follows_its_text_and_only_its_text():
    statement = make_statement(COMMUNIQUE)

    def stored_keys() -> set[int]:
        bands = SignatureBand.objects.filter(statement=statement)
        return set(bands.values_list("key", flat=True))

    assert stored_keys() == set(text_keys(normalized_text(COMMUNIQUE)))
    statement.body = OTHER
    statement.save()
    assert stored_keys() == set(text_keys(normalized_text(OTHER)))
    SignatureBand.objects.filter(statement=statement).delete()
    statement.status = Statement.Status.RETRACTED
    statement.save(update_fields=["status"])
    assert stored_keys() == set()  # a save that leaves the text does not sign it
