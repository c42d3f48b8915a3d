"""The public change log: every statement ever public, its state now, and when
that changed (models/changes.py), written in the change's own transaction."""

import datetime
import json

import pytest
from django.db import transaction
from django.utils import timezone

from statements.ingest import import_paths
from statements.models import PublicChange, Statement, Tag
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


def state(statement) -> str | None:
    row = PublicChange.objects.filter(statement_id=statement.pk).first()
    return row and row.state


def test_a_draft_is_not_logged_until_it_is_published():
    draft = make_statement(status=Statement.Status.DRAFT)
    draft.title = "مسودة معدلة"
    draft.save()
    assert state(draft) is None
    draft.status = Statement.Status.PUBLISHED
    draft.save()
    assert state(draft) == "published"


def test_retraction_removal_and_deletion_are_logged_and_a_removal_stays():
    statement = make_statement()
    first = PublicChange.objects.get(statement_id=statement.pk)
    statement.status = Statement.Status.RETRACTED
    statement.save()
    assert state(statement) == "retracted"
    statement.status = Statement.Status.REVIEW
    statement.save()
    assert state(statement) == "removed"
    pk = statement.pk
    statement.delete()
    row = PublicChange.objects.get(statement_id=pk)
    assert row.state == "removed"
    assert row.first_public_at == first.first_public_at
    assert row.changed_at > first.changed_at


def test_a_change_of_tags_moves_the_statement_to_the_end_of_the_log():
    a, b = make_statement(), make_statement()
    assert list(
        PublicChange.objects.in_order().values_list("statement_id", flat=True)
    ) == [a.pk, b.pk]
    a.tags.add(Tag.objects.create(name="وسم"))
    assert list(
        PublicChange.objects.in_order().values_list("statement_id", flat=True)
    ) == [b.pk, a.pk]


def test_a_rolled_back_change_leaves_no_entry():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_statement()
        raise RuntimeError
    assert not PublicChange.objects.exists()


def test_an_import_logs_each_public_record_once(tmp_path):
    path = tmp_path / "s.jsonl"
    records = [
        {"title": "أ", "body": "نص أول", "status": "published"},
        {"title": "ب", "body": "نص ثان", "status": "draft"},
        {"title": "ج", "body": "نص ثالث", "status": "retracted"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    import_paths([path], default_status="published")
    import_paths([path], default_status="published")
    logged = dict(PublicChange.objects.values_list("state", "statement_id"))
    assert sorted(logged) == ["published", "retracted"]
    assert PublicChange.objects.count() == 2


def test_settled_leaves_out_changes_of_the_last_seconds(settings):
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 5
    make_statement()
    assert not PublicChange.objects.settled().exists()
    PublicChange.objects.update(
        changed_at=timezone.now() - datetime.timedelta(seconds=6)
    )
    assert PublicChange.objects.settled().count() == 1


def test_after_continues_past_rows_with_the_same_time():
    a, b, c = make_statement(), make_statement(), make_statement()
    same = timezone.now()
    PublicChange.objects.update(changed_at=same)
    after_a = PublicChange.objects.after(same, a.pk).in_order()
    assert [r.statement_id for r in after_a] == [b.pk, c.pk]
