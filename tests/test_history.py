"""The history of statements: who changed what and when, the diff in the admin,
restoring an earlier version, and history rows written by imports."""

import json
import re

import pytest

from statements.ingest import import_paths
from statements.models import Statement, StatementType, Tag
from tests.factories import make_statement, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/statements/statement/"


def edit(client, statement: Statement, **changes):
    """POST the statement's change form with ``changes``."""
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
    return client.post(f"{CHANGELIST}{statement.pk}/change/", data)


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


@pytest.mark.django_db(transaction=True)
def test_an_import_records_each_new_statement_with_its_tags_and_reason(tmp_path):
    StatementType.objects.get_or_create(code="statement")
    user = make_user("importer", "reviewers")
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"external_id": "x", "body": "نص", "tags": ["سجون"]}) + "\n",
        encoding="utf-8",
    )
    import_paths([path], user=user)
    statement = Statement.objects.get(external_id="x")
    [row] = statement.history.all()
    assert (row.history_type, row.history_user) == ("+", user)
    assert row.history_change_reason == "import of a.jsonl"
    assert [r.tag.name for r in row.tags.all()] == ["سجون"]

    path.write_text(
        json.dumps({"external_id": "x", "body": "نص", "tags": ["سجون", "أمن"]}) + "\n",
        encoding="utf-8",
    )
    import_paths([path], user=user)
    latest, _created = statement.history.all()
    assert latest.history_type == "~"
    assert sorted(r.tag.name for r in latest.tags.all()) == ["أمن", "سجون"]


def test_a_version_id_that_is_no_number_is_not_found(admin_client, draft):
    url = f"{CHANGELIST}{draft.pk}/history/abc/"
    assert admin_client.get(url).status_code == 404
