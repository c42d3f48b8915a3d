"""The curators' admin through Django's test client: languages, search, roles,
the duplicate check, the file upload and the staff preview."""

import datetime
import json
import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from statements.models import Statement, StatementType
from statements.search import SearchRequest, search
from tests.factories import make_actor, make_statement, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/statements/statement/"
ADD = CHANGELIST + "add/"
SEED = Path(settings.BASE_DIR) / "seeds" / "000_3a983311a22140ec.txt"
COMMUNIQUE = SEED.read_text(encoding="utf-8").split("\n", 2)[2]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Uploads are kept under DATA_DIR: a folder of this test's own."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def as_user(client, role: str):
    user = make_user(role or "nobody", role)
    client.force_login(user)
    return user


def form_data(statement: Statement | None = None, **changes) -> dict:
    """What the statement form posts: the statement's fields, then ``changes``."""
    statement = statement or Statement(
        title="بيان جديد", body="نص بيان جديد عن الأمن في المنطقة"
    )
    type_ = statement.type if statement.type_id else StatementType.objects.first()
    data = {
        "title": statement.title,
        "body": statement.body,
        "language": statement.language,
        "type": type_.pk,
        "date_precision": statement.date_precision,
        "status": statement.status,
        "retraction_reason": statement.retraction_reason,
        "_save": "Save",
    }
    return {**data, **changes}


def status_options(page: str) -> set[str]:
    select = re.search(r'<select name="status".*?</select>', page, re.S).group(0)
    return set(re.findall(r'value="(\w+)"', select))


# ------------------------------------------------------------------ languages


def test_admin_is_arabic_right_to_left_at_admin(admin_client):
    page = admin_client.get(CHANGELIST).content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "البيانات" in page or "بيانات" in page


def test_admin_is_english_left_to_right_under_en(admin_client):
    page = admin_client.get("/en" + CHANGELIST).content.decode()
    assert 'lang="en" dir="ltr"' in page
    assert "Select statement to change" in page


def test_change_list_shows_issuer_date_type_and_status_with_filters(admin_client):
    sdf = make_actor("قوات سوريا الديمقراطية", "SDF")
    make_statement(
        title="بيان القيادة",
        issuer=sdf,
        status="draft",
        date_issued=datetime.date(2019, 3, 1),
        date_precision="month",
    )
    page = admin_client.get("/en" + CHANGELIST).content.decode()
    assert "بيان القيادة" in page and ">SDF<" in page
    for heading in ("issuer", "date issued", "type", "status", "year", "language"):
        assert heading in page.lower()


def test_the_year_and_language_filters_offer_what_the_statements_have(admin_client):
    make_statement(date_issued=datetime.date(2019, 3, 1), date_precision="month")
    make_statement(date_issued=datetime.date(2021, 1, 9), language="en")
    page = admin_client.get("/en" + CHANGELIST).content.decode()
    assert re.findall(r'href="\?year=(\d+)"', page) == ["2021", "2019"]
    assert set(re.findall(r'href="\?language=(\w+)"', page)) == {"ar", "en"}


# --------------------------------------------------------------------- search


def test_admin_search_without_hamza_finds_the_hamza_form(admin_client):
    make_statement("تعزيز الأمن في المنطقة", title="بيان عن الأمن")
    make_statement("افتتاح مدرسة جديدة", title="بيان عن التعليم")
    page = admin_client.get(CHANGELIST, {"q": "الامن"}).content.decode()
    assert "بيان عن الأمن" in page
    assert "بيان عن التعليم" not in page


def test_admin_search_finds_words_of_the_text_and_external_ids(admin_client):
    make_statement("قوّاتُنا تواصل حماية السجون", title="الأول")
    make_statement("نص آخر", title="الثاني", external_id="AL-7")
    page = admin_client.get(CHANGELIST, {"q": "قواتنا السجون"}).content.decode()
    assert "الأول" in page and "الثاني" not in page
    page = admin_client.get(CHANGELIST, {"q": "AL-7"}).content.decode()
    assert "الثاني" in page and "الأول" not in page


def test_admin_search_lists_the_latest_additions_first(admin_client):
    older = make_statement("الأمن أولا", title="الأقدم إضافة")
    older.date_issued, older.date_precision = datetime.date(2024, 1, 1), "day"
    older.save()
    make_statement("الأمن ثانيا", title="الأحدث إضافة", date_precision="unknown")
    page = admin_client.get(CHANGELIST, {"q": "الامن"}).content.decode()
    assert page.index("الأحدث إضافة") < page.index("الأقدم إضافة")


def test_admin_search_finds_a_word_with_attached_prefixes(admin_client):
    make_statement("تعزيز الأمن في المنطقة", title="بيان عن الأمن")
    make_statement("افتتاح مدرسة جديدة", title="بيان عن التعليم")
    for typed in ("والأمن", "للأمن"):
        page = admin_client.get(CHANGELIST, {"q": typed}).content.decode()
        assert "بيان عن الأمن" in page and "بيان عن التعليم" not in page, typed


@pytest.mark.parametrize(
    "typed", ['"', "*", "NEAR(", "-", "OR", "الامن OR", '"الامن', "في", "،"]
)
def test_admin_search_of_operators_stopwords_or_punctuation_does_not_fail(
    admin_client, typed
):
    make_statement("تعزيز الأمن في المنطقة", title="بيان عن الأمن")
    assert admin_client.get(CHANGELIST, {"q": typed}).status_code == 200


def test_actor_search_goes_through_normalized_aliases(admin_client):
    make_actor("قوى الأمن الداخلي", "Internal Security Forces", ["الأسايش"])
    page = admin_client.get(
        "/admin/statements/actor/", {"q": "الاسايش"}
    ).content.decode()
    assert "قوى الأمن الداخلي" in page


# ---------------------------------------------------------------------- roles


def test_an_editor_is_offered_draft_and_review_only(client):
    as_user(client, "editors")
    page = client.get(ADD).content.decode()
    assert status_options(page) == {"draft", "review"}


def test_a_reviewer_is_offered_every_status(client):
    as_user(client, "reviewers")
    page = client.get(ADD).content.decode()
    assert status_options(page) == {"draft", "review", "published", "retracted"}


def test_an_editor_saves_a_draft(client):
    editor = as_user(client, "editors")
    response = client.post(ADD, form_data(status="draft"))
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert (statement.status, statement.created_by) == ("draft", editor)


def test_an_editors_forged_post_cannot_publish_a_new_statement(client):
    as_user(client, "editors")
    response = client.post(ADD, form_data(status="published"))
    assert response.status_code == 200
    assert not Statement.objects.exists()


def test_an_editors_forged_post_cannot_publish_a_draft(client):
    as_user(client, "editors")
    draft = make_statement(status="draft")
    url = f"{CHANGELIST}{draft.pk}/change/"
    client.post(url, form_data(draft, status="published"))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_editor_may_not_change_a_published_statement(client):
    as_user(client, "editors")
    published = make_statement(title="منشور")
    url = f"{CHANGELIST}{published.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page
    response = client.post(url, form_data(published, title="غيّره المحرر"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "منشور"


def test_an_editors_forged_publish_action_changes_nothing(client):
    as_user(client, "editors")
    draft = make_statement(status="draft")
    page = client.get(CHANGELIST).content.decode()
    assert 'value="publish"' not in page
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_editor_sends_drafts_to_review(client):
    as_user(client, "editors")
    draft = make_statement(status="draft")
    client.post(
        CHANGELIST, {"action": "send_to_review", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == "review"


def test_a_reviewer_publishes_in_bulk_and_the_history_names_them(client):
    reviewer = as_user(client, "reviewers")
    waiting = [make_statement(status=s) for s in ("draft", "review")]
    client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [s.pk for s in waiting]},
    )
    for statement in waiting:
        statement.refresh_from_db()
        assert statement.status == "published"
        latest = statement.history.first()
        assert (latest.history_user, latest.history_change_reason) == (
            reviewer,
            "published",
        )


@pytest.mark.django_db(transaction=True)
def test_bulk_publishing_and_retracting_reach_the_search_index(client):
    as_user(client, "reviewers")
    draft = make_statement("بيان عن معبر اليعربية", status="draft")
    assert search(SearchRequest(q="اليعربية")).count == 0
    selected = {"_selected_action": [draft.pk]}
    client.post(CHANGELIST, {**selected, "action": "publish"})
    assert search(SearchRequest(q="اليعربية")).count == 1
    client.post(CHANGELIST, {**selected, "action": "retract", "reason": "خطأ"})
    assert search(SearchRequest(q="اليعربية")).count == 0


def test_retracting_in_bulk_asks_for_the_reason_first(client):
    as_user(client, "reviewers")
    statement = make_statement()
    selected = {"action": "retract", "_selected_action": [statement.pk]}
    page = client.post(CHANGELIST, selected).content.decode()
    assert 'name="reason"' in page
    statement.refresh_from_db()
    assert statement.status == "published"
    client.post(CHANGELIST, {**selected, "reason": "نُسب خطأً إلى الجهة"})
    statement.refresh_from_db()
    assert statement.status == "retracted"
    assert statement.retraction_reason == "نُسب خطأً إلى الجهة"


def test_retracting_in_the_form_needs_a_reason(client):
    as_user(client, "reviewers")
    statement = make_statement()
    url = f"{CHANGELIST}{statement.pk}/change/"
    response = client.post(url, form_data(statement, status="retracted"))
    assert response.status_code == 200
    statement.refresh_from_db()
    assert statement.status == "published"


def test_an_editor_cannot_retract(client):
    as_user(client, "editors")
    statement = make_statement(status="review")
    client.post(
        CHANGELIST,
        {"action": "retract", "_selected_action": [statement.pk], "reason": "x"},
    )
    statement.refresh_from_db()
    assert statement.status == "review"


# ----------------------------------------------------------------- duplicates


def test_the_add_form_flags_a_near_duplicate_with_a_link_and_saves_nothing(client):
    as_user(client, "editors")
    original = make_statement(COMMUNIQUE, title="الأصل")
    copy = "نقلا عن وكالة محلية\n" + COMMUNIQUE
    response = client.post(ADD, form_data(body=copy, title="نسخة"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"/admin/statements/statement/{original.pk}/change/" in page
    assert Statement.objects.count() == 1


def test_saving_a_flagged_text_as_a_republication_links_both_ways(client):
    as_user(client, "editors")
    original = make_statement(COMMUNIQUE, title="الأصل")
    copy = "نقلا عن وكالة محلية\n" + COMMUNIQUE
    response = client.post(
        ADD, form_data(body=copy, title="نسخة", save_as_republication="on")
    )
    assert response.status_code == 302
    new = Statement.objects.get(title="نسخة")
    assert list(new.republications.all()) == [original]
    assert list(original.republications.all()) == [new]


def test_a_clearly_different_text_saves_without_a_flag(client):
    as_user(client, "editors")
    make_statement(COMMUNIQUE)
    response = client.post(ADD, form_data(body="افتتاح مدرسة جديدة في القرية اليوم"))
    assert response.status_code == 302
    assert Statement.objects.count() == 2


# --------------------------------------------------------------------- upload


def upload(client, records: list[dict], status: str = "draft", name="batch.jsonl"):
    content = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    return client.post(
        CHANGELIST + "import/",
        {
            "file": SimpleUploadedFile(name, content.encode("utf-8")),
            "status": status,
        },
    )


def count(page: str, category: str) -> int:
    return int(re.search(rf'class="count-{category}">(\d+)<', page).group(1))


def uploads() -> list[Path]:
    folder = Path(settings.DATA_DIR) / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def batch():
    """A file against an archive: one new, one changed, one unchanged, one bad
    record and one republication of an archived communiqué."""
    make_statement("نص لن يتغير", external_id="same", title="ثابت")
    make_statement("نص سيتغير", external_id="changed", title="قديم", status="draft")
    original = make_statement(COMMUNIQUE, title="الأصل")
    records = [
        {"external_id": "new", "title": "جديد", "body": "نص بيان جديد تماما"},
        {"external_id": "changed", "title": "عنوان محدث", "body": "نص سيتغير"},
        {"external_id": "same", "title": "ثابت", "body": "نص لن يتغير"},
        {"external_id": "bad", "title": "بلا نص"},
        {"external_id": "copy", "body": "وكالة الأنباء - " + COMMUNIQUE},
    ]
    return records, original


def test_the_upload_preview_counts_each_category_and_writes_nothing(client, batch):
    records, original = batch
    as_user(client, "editors")
    before = list(Statement.objects.values_list("pk", "title", "status"))
    page = upload(client, records).content.decode()
    assert (count(page, "created"), count(page, "updated")) == (2, 1)
    assert (count(page, "unchanged"), count(page, "failed")) == (1, 1)
    assert count(page, "duplicates") == 1
    assert f"/admin/statements/statement/{original.pk}/change/" in page
    assert "batch.jsonl:4: &#x27;body&#x27; is missing" in page
    assert list(Statement.objects.values_list("pk", "title", "status")) == before
    assert str(settings.DATA_DIR) not in page
    assert len(uploads()) == 1


def test_confirming_the_upload_imports_the_kept_file_as_drafts(client, batch):
    records, original = batch
    editor = as_user(client, "editors")
    page = upload(client, records).content.decode()
    confirm = re.search(r'action="([^"]+/import/[^"]+/)"', page).group(1)
    response = client.post(confirm)
    assert response.status_code == 302
    new = Statement.objects.get(external_id="new")
    assert (new.status, new.created_by) == ("draft", editor)
    assert Statement.objects.get(external_id="changed").title == "عنوان محدث"
    copy = Statement.objects.get(external_id="copy")
    assert list(copy.republications.all()) == [original]
    assert uploads() == []
    assert client.post(confirm).status_code == 404


def test_an_editors_file_cannot_publish(client):
    as_user(client, "editors")
    records = [{"external_id": "x", "body": "نص", "status": "published"}]
    page = upload(client, records, status="draft").content.decode()
    assert "is not one you may give" in page
    assert 'class="count-created"' not in page
    response = upload(client, records, status="published")
    assert "status" in response.context["form"].errors
    assert not Statement.objects.exists()


def test_an_editors_file_cannot_change_a_published_statement(client):
    as_user(client, "editors")
    make_statement("نص", external_id="pub", title="منشور")
    page = upload(
        client, [{"external_id": "pub", "title": "تغيير", "body": "نص"}]
    ).content.decode()
    assert "which is published" in page


def test_someone_else_cannot_confirm_my_upload(client, batch):
    records, _ = batch
    as_user(client, "editors")
    page = upload(client, records).content.decode()
    confirm = re.search(r'action="([^"]+/import/[^"]+/)"', page).group(1)
    client.force_login(make_user("other", "reviewers"))
    assert client.post(confirm).status_code == 403
    assert not Statement.objects.filter(external_id="new").exists()


def test_only_users_who_may_add_statements_may_upload(client):
    client.force_login(make_user("viewer"))
    assert client.get(CHANGELIST + "import/").status_code == 403


def test_a_file_that_is_no_statement_file_is_refused(client):
    as_user(client, "editors")
    response = upload(client, [{"body": "x"}], name="notes.docx")
    assert "file" in response.context["form"].errors
    assert uploads() == []


# -------------------------------------------------------------- staff preview


def test_staff_preview_a_draft_marked_not_public_and_never_cached(client):
    draft = make_statement(status="draft", title="مسودة")
    client.force_login(make_user("ed", "editors"))
    response = client.get(draft.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="preview-notice"' in page and "مسودة" in page
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_public_still_gets_404_for_drafts_and_statements_in_review(client):
    for status in ("draft", "review"):
        statement = make_statement(status=status)
        assert client.get(statement.get_absolute_url()).status_code == 404
    client.force_login(User.objects.create_user("reader", password="pw"))
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_a_published_statement_shows_no_preview_notice_to_staff(client):
    statement = make_statement()
    client.force_login(make_user("ed", "editors"))
    response = client.get(statement.get_absolute_url())
    assert 'class="preview-notice"' not in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_a_preview_never_confirmed_is_removed_a_day_later(client, batch):
    records, _ = batch
    as_user(client, "editors")
    upload(client, records)
    [kept] = uploads()
    day_ago = time.time() - 25 * 3600
    os.utime(kept, (day_ago, day_ago))
    upload(client, records)
    assert kept not in uploads() and len(uploads()) == 1
