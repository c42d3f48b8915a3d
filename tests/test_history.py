"""The history of statements: who changed what and when, the diff in the admin,
restoring an earlier version, and the baseline of imported statements, recorded
before their first change by whichever path changes them."""

import json
import re

import pytest

from statements.curation.history import BASELINE_REASON
from statements.ingest import import_paths
from statements.models import Statement, StatementType, Tag
from tests.factories import make_statement, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/statements/statement/"


def edit(client, statement: Statement, **changes):
    """POST the statement's change form with ``changes``."""
    return edit_at(client, f"{CHANGELIST}{statement.pk}/change/", statement, **changes)


def edit_at(client, url: str, statement, **changes):
    """POST the statement's form at ``url`` (a change or restore form) with its
    values and ``changes``."""
    data = {
        "title": statement.title,
        "body": statement.body,
        "language": statement.language,
        "type": statement.type_id,
        "date_precision": statement.date_precision,
        "status": statement.status,
        "tags": [t.pk for t in statement.tags.all()],
        "_save": "Save",
        **changes,
    }
    return client.post(url, data)


@pytest.fixture
def draft():
    return make_statement("نص المسودة الأولى", title="العنوان الأول", status="draft")


def test_an_admin_edit_records_who_and_what_in_one_row_with_the_tags(client, draft):
    editor = make_user("editor", "editors")
    client.force_login(editor)
    tag = Tag.objects.create(name="سجون")
    rows = draft.history.count()
    response = edit(client, draft, title="العنوان الثاني", tags=[tag.pk])
    assert response.status_code == 302
    assert draft.history.count() == rows + 1
    latest = draft.history.first()
    assert (latest.history_user, latest.history_type) == (editor, "~")
    assert latest.title == "العنوان الثاني"
    assert [row.tag_id for row in latest.tags.all()] == [tag.pk]


def test_the_history_page_shows_the_change_as_a_diff(client, draft):
    client.force_login(make_user("editor", "editors"))
    edit(client, draft, title="العنوان الثاني")
    page = client.get(f"/en{CHANGELIST}{draft.pk}/history/").content.decode()
    assert "editor" in page
    assert re.search(r"title.*?العنوان الأول.*?العنوان الثاني", page, re.S)


def test_an_earlier_version_is_restored_with_its_tags(client, draft):
    client.force_login(make_user("editor", "editors"))
    first = Tag.objects.create(name="أول")
    edit(client, draft, tags=[first.pk])
    version = draft.history.first()
    edit(client, draft, title="عنوان خاطئ", tags=[])
    url = f"{CHANGELIST}{draft.pk}/history/{version.history_id}/"
    page = client.get(url).content.decode()
    assert "العنوان الأول" in page
    assert re.search(rf'<option value="{first.pk}" selected>', page)
    draft.refresh_from_db()
    edit_data = {"tags": [first.pk], "title": "العنوان الأول"}
    response = client.post(
        url,
        {
            "body": draft.body,
            "language": "ar",
            "type": draft.type_id,
            "date_precision": "unknown",
            "status": "draft",
            "_save": "Save",
            **edit_data,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "العنوان الأول"
    assert list(draft.tags.all()) == [first]


def restore_latest(client, statement, title: str):
    """POST the restore form of the statement's latest version, with ``title``."""
    version = statement.history.first()
    url = f"{CHANGELIST}{statement.pk}/history/{version.history_id}/"
    data = {
        "title": title,
        "body": statement.body,
        "language": "ar",
        "type": statement.type_id,
        "date_precision": "unknown",
        "status": "draft",
    }
    return client.post(url, data)


def test_someone_who_may_only_view_cannot_restore(client, draft):
    from django.contrib.auth.models import Permission

    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_statement"))
    client.force_login(viewer)
    assert restore_latest(client, draft, title="غيّره المشاهد").status_code == 403
    draft.refresh_from_db()
    assert draft.title == "العنوان الأول"


def test_an_editor_cannot_restore_a_published_version(client, draft):
    draft.status = "published"
    draft.save()
    client.force_login(make_user("editor", "editors"))
    assert restore_latest(client, draft, title="x").status_code == 403


def import_jsonl(path, user, **record) -> Statement:
    """Import one record (external id "x") from ``path``; the statement."""
    path.write_text(json.dumps({"external_id": "x", **record}) + "\n", "utf-8")
    import_paths([path], user=user)
    return Statement.objects.get(external_id="x")


@pytest.fixture
def imported(tmp_path):
    """A draft imported by "importer" with one tag, never changed since."""
    StatementType.objects.get_or_create(code="statement")
    user = make_user("importer", "reviewers")
    return import_jsonl(
        tmp_path / "a.jsonl",
        user,
        title="العنوان المستورد",
        body="النص كما ورد",
        tags=["سجون"],
        status="draft",
    )


def assert_baseline(row, statement: Statement, tags: list[str]) -> None:
    """``row`` is the baseline of ``statement`` as it was imported."""
    assert (row.history_type, row.history_change_reason) == ("+", BASELINE_REASON)
    assert (row.history_user, row.history_date) == (
        statement.created_by,
        statement.created_at,
    )
    assert (row.title, row.body) == ("العنوان المستورد", "النص كما ورد")
    assert sorted(r.tag.name for r in row.tags.all()) == tags


def test_an_import_writes_no_history_row(imported):
    assert imported.history.count() == 0


def test_the_first_admin_edit_records_the_imported_version_then_the_edit(
    client, imported
):
    editor = make_user("editor", "editors")
    client.force_login(editor)
    other = Tag.objects.create(name="أمن")
    assert (
        edit(client, imported, title="عنوان مصحح", tags=[other.pk]).status_code == 302
    )
    change, baseline = imported.history.all()
    assert_baseline(baseline, imported, ["سجون"])
    assert (change.history_type, change.history_user) == ("~", editor)
    assert change.title == "عنوان مصحح"
    assert [r.tag.name for r in change.tags.all()] == ["أمن"]
    edit(client, imported, title="عنوان ثالث")
    assert imported.history.filter(history_type="+").count() == 1


def test_the_baseline_restores_the_imported_text_and_tags(client, imported):
    client.force_login(make_user("editor", "editors"))
    edit(client, imported, title="عنوان مصحح", body="نص آخر", tags=[])
    baseline = imported.history.last()
    url = f"{CHANGELIST}{imported.pk}/history/{baseline.history_id}/"
    page = client.get(url).content.decode()
    tag = Tag.objects.get(name="سجون")
    assert "النص كما ورد" in page
    assert re.search(rf'<option value="{tag.pk}" selected>', page)
    assert edit_at(client, url, baseline, tags=[tag.pk]).status_code == 302
    imported.refresh_from_db()
    assert (imported.title, imported.body) == ("العنوان المستورد", "النص كما ورد")
    assert list(imported.tags.all()) == [tag]


def test_a_bulk_action_records_the_imported_version_first(client, imported):
    reviewer = make_user("reviewer", "reviewers")
    client.force_login(reviewer)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [imported.pk]})
    change, baseline = imported.history.all()
    assert_baseline(baseline, imported, ["سجون"])
    assert baseline.status == "draft"
    assert (change.status, change.history_user) == ("published", reviewer)


def test_a_reimport_records_the_imported_relations_before_changing_them(
    tmp_path, imported
):
    import_jsonl(
        tmp_path / "a.jsonl",
        imported.created_by,
        title="العنوان المستورد",
        body="النص كما ورد",
        tags=["سجون", "أمن"],
        status="draft",
    )
    change, baseline = imported.history.all()
    assert_baseline(baseline, imported, ["سجون"])
    assert (change.history_type, change.history_change_reason) == ("~", "re-import")
    assert sorted(r.tag.name for r in change.tags.all()) == ["أمن", "سجون"]


def test_any_save_records_the_imported_version_first(imported):
    imported.title = "غيّره برنامج"
    imported.save()
    change, baseline = imported.history.all()
    assert_baseline(baseline, imported, ["سجون"])
    assert change.title == "غيّره برنامج"


def test_tagging_from_the_tags_side_records_the_imported_version_first(imported):
    Tag.objects.create(name="أمن").statements.add(imported)
    assert_baseline(imported.history.get(), imported, ["سجون"])
    Tag.objects.get(name="سجون").statements.clear()
    assert imported.history.count() == 1  # the baseline is recorded once


def test_a_deleted_imported_statement_keeps_its_text_and_can_be_restored(
    admin_client, imported
):
    pk = imported.pk
    response = admin_client.post(f"{CHANGELIST}{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    [deleted] = Statement.history.filter(id=pk)
    assert (deleted.history_type, deleted.body) == ("-", "النص كما ورد")
    url = f"{CHANGELIST}{pk}/history/{deleted.history_id}/"
    assert "النص كما ورد" in admin_client.get(url).content.decode()
    assert edit_at(admin_client, url, deleted).status_code == 302
    restored = Statement.objects.get(pk=pk)
    assert (restored.title, restored.body) == ("العنوان المستورد", "النص كما ورد")


def test_a_statement_with_history_gets_no_baseline(draft):
    draft.title = "عنوان ثان"
    draft.save()
    assert [row.history_type for row in draft.history.all()] == ["~", "+"]
    assert draft.history.last().history_change_reason != BASELINE_REASON


def test_a_version_id_that_is_no_number_is_not_found(admin_client, draft):
    url = f"{CHANGELIST}{draft.pk}/history/abc/"
    assert admin_client.get(url).status_code == 404
