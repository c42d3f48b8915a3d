"""Provenance: every statement's original bytes, kept once, served as received,
and its public custody record (received, published, edited, retracted)."""

import hashlib
import html
import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from statements.curation.custody import custody_record
from statements.curation.textdiff import Piece, word_diff
from statements.ingest import import_paths
from statements.ingest.originals import (
    Kept,
    keep_original,
    original_name,
    originals,
    stored_original,
)
from statements.ingest.receipts import importer_version
from statements.models import Receipt, Statement, StatementType, sha256_hex
from tests.factories import make_statement, make_user

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_3a983311a22140ec.txt"
CHANGELIST = "/admin/statements/statement/"
# A .txt statement as a Windows editor saves it: Windows-1256, CRLF line ends,
# a blank line before the title.
TXT = (
    "\r\nبيان القيادة العامة حول الهدنة\r\n"
    "تعلن القيادة العامة التزامها بالهدنة في الرقة.\r\n"
    "وتدعو جميع الأطراف إلى ضبط النفس.\r\n"
).encode("cp1256")


@pytest.fixture(autouse=True)
def own_originals(originals_dir) -> Path:
    return originals_dir


def stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write_jsonl(path: Path, records: list[dict]) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    return write(path, ("\n".join(lines) + "\n").encode("utf-8"))


def download(client, statement: Statement):
    return client.get(f"/statements/{statement.pk}/original")


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def page(client, statement: Statement) -> str:
    """The statement's page in English (its canonical URL, after the redirect
    from ``/en/statements/<id>/``)."""
    response = client.get(f"/en/statements/{statement.pk}/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def only_statement(summary) -> Statement:
    assert summary.failed == 0, summary.errors
    return Statement.objects.get()


# ------------------------------------------------------------ the original bytes


def test_a_windows_1256_txt_is_served_byte_for_byte_with_its_charset(client, tmp_path):
    statement = only_statement(import_paths([write(tmp_path / "hudna.txt", TXT)]))
    response = download(client, statement)
    assert response.status_code == 200
    assert body_of(response) == TXT
    assert hashlib.sha256(TXT).hexdigest() == statement.sha256
    assert response["Content-Type"] == "text/plain; charset=windows-1256"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statement-{statement.pk}-original.txt"'
    )
    assert statement.sha256 in page(client, statement)


def test_the_seeds_original_is_the_seed_file_itself(client):
    statement = only_statement(import_paths([SEED.parent]))
    data = body_of(download(client, statement))
    assert data == SEED.read_bytes()
    assert hashlib.sha256(data).hexdigest() == statement.sha256


def test_a_json_lines_records_original_is_the_body_it_was_hashed_from(client, tmp_path):
    body = "نص البيان كما ورد\nفي سطرين."
    path = write_jsonl(tmp_path / "a.jsonl", [{"title": "عنوان", "body": body}])
    statement = only_statement(import_paths([path]))
    response = download(client, statement)
    assert body_of(response) == body.encode("utf-8")
    assert sha256_hex(body.encode("utf-8")) == statement.sha256
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_the_same_original_is_stored_once_for_two_statements_and_reimports(
    tmp_path, originals_dir
):
    same = {"title": "عنوان", "body": "النص نفسه في مصدرين"}
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{**same, "external_id": "a"}, {**same, "external_id": "b"}],
    )
    import_paths([path])
    import_paths([path])
    assert Statement.objects.count() == 2
    first, second = Statement.objects.order_by("pk")
    assert first.sha256 == second.sha256
    assert [p.name for p in stored_files(originals_dir)] == [first.sha256]
    # The unchanged re-import wrote no second receipt.
    assert Receipt.objects.count() == 2


def test_a_reimport_attaches_the_original_to_a_statement_that_had_none(
    client, tmp_path, originals_dir
):
    path = write(tmp_path / "hudna.txt", TXT)
    statement = only_statement(import_paths([path]))
    # As archived before originals were kept: no file, no receipt.
    originals().delete(original_name(statement.sha256))
    Receipt.objects.all().delete()
    assert download(client, statement).status_code == 404
    summary = import_paths([path])
    assert summary.unchanged == 1
    assert body_of(download(client, statement)) == TXT
    assert statement.receipts.get().file_name == "hudna.txt"


def test_a_dry_run_keeps_no_original(tmp_path, originals_dir):
    import_paths([write(tmp_path / "hudna.txt", TXT)], dry_run=True)
    assert stored_files(originals_dir) == []


def test_bytes_that_do_not_hash_to_the_fingerprint_are_never_kept(originals_dir):
    assert keep_original(b"not the original", "0" * 64) is Kept.NOT_ORIGINAL
    assert stored_files(originals_dir) == []


def test_a_damaged_stored_original_is_written_again_intact(originals_dir):
    data = "نص سليم".encode()
    sha = sha256_hex(data)
    damaged = originals_dir / original_name(sha)
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(data[:3])  # a write cut short
    assert keep_original(data, sha) is Kept.STORED
    assert damaged.read_bytes() == data
    assert keep_original(data, sha) is Kept.PRESENT


def test_a_statement_typed_in_the_admin_keeps_its_body_as_its_original(client):
    client.force_login(make_user("reviewer", "reviewers"))
    body = "نص بيان كُتب في لوحة الإدارة\r\nبسطرين."
    response = client.post(
        CHANGELIST + "add/",
        {
            "title": "بيان من الإدارة",
            "body": body,
            "language": "ar",
            "type": StatementType.objects.get_or_create(code="statement")[0].pk,
            "date_precision": "unknown",
            "status": "published",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    original = body_of(download(client, statement))
    assert original == statement.body.encode("utf-8")
    assert hashlib.sha256(original).hexdigest() == statement.sha256
    assert statement.receipts.get().via == Receipt.Via.ADMIN


def test_drafts_and_statements_in_review_have_no_public_original(client):
    for status in ("draft", "review"):
        statement = make_statement("نص لم يُنشر بعد", status=status)
        assert stored_original(statement) is not None
        assert download(client, statement).status_code == 404


def test_a_statement_without_a_kept_original_says_so_and_invents_none(client):
    kind = StatementType.objects.get_or_create(code="statement")[0]
    # Inserted as the archive did before originals were kept (no signal).
    (statement,) = Statement.objects.bulk_create(
        [
            Statement(
                title="بيان قديم",
                body="نص قديم",
                sha256=sha256_hex(b"the file it came from"),
                type=kind,
                status="published",
            )
        ]
    )
    assert download(client, statement).status_code == 404
    missing = client.get(f"/en/statements/{statement.pk}/original")
    assert missing.status_code == 404
    assert "The original of this statement was not kept" in missing.content.decode()
    shown = page(client, statement)
    assert "The original bytes of this statement were not kept" in shown
    assert "download the original" not in shown


# ------------------------------------------------------------- custody record


def test_the_custody_record_names_the_file_its_hash_the_importer_and_times(
    client, tmp_path
):
    path = write(tmp_path / "hudna.txt", TXT)
    statement = only_statement(import_paths([path]))
    shown = page(client, statement)
    assert "hudna.txt" in shown
    assert hashlib.sha256(TXT).hexdigest() in shown
    assert html.escape(importer_version()) in shown
    custody = custody_record(statement)
    (received,) = custody.received
    assert (received.file_name, received.line, received.format) == (
        "hudna.txt",
        2,
        ".txt",
    )
    assert received.via == Receipt.Via.COMMAND
    # Imported as published: published when received.
    assert custody.published_at == received.at
    assert custody.edits == ()
    assert custody.retracted_at is None
    # What the JSON API serializes: plain values.
    assert json.loads(json.dumps(asdict(custody), default=str))["received"]
    original = asdict(stored_original(statement))
    assert (original["size"], original["url"]) == (
        len(TXT),
        f"/statements/{statement.pk}/original",
    )


def test_a_draft_published_later_is_published_at_that_change(tmp_path):
    path = write(tmp_path / "hudna.txt", TXT)
    statement = only_statement(import_paths([path], default_status="draft"))
    assert custody_record(statement).published_at is None
    statement.status = Statement.Status.PUBLISHED
    statement.save()
    custody = custody_record(statement)
    latest = statement.history.first()
    assert custody.published_at == latest.history_date
    assert custody.published_at > custody.received[0].at
    assert custody.edits[-1].fields == ("status",)


def test_an_admin_edit_and_a_retraction_appear_in_the_custody_record(client, tmp_path):
    statement = only_statement(import_paths([write(tmp_path / "hudna.txt", TXT)]))
    client.force_login(make_user("reviewer", "reviewers"))
    url = f"{CHANGELIST}{statement.pk}/change/"
    edited = {
        "title": "عنوان مصحح",
        "body": statement.body,
        "language": "ar",
        "type": statement.type_id,
        "date_precision": "unknown",
        "status": "published",
        "_save": "Save",
    }
    assert client.post(url, edited).status_code == 302
    selected = {"_selected_action": [statement.pk], "action": "retract"}
    client.post(CHANGELIST, {**selected, "reason": "نُسب خطأً إلى الجهة"})
    statement.refresh_from_db()
    custody = custody_record(statement)
    # (The admin's form also strips the body's last line end: an edit too.)
    assert "title" in custody.edits[0].fields
    assert custody.edits[1].fields == ("status", "retraction_reason")
    assert custody.retracted_at == custody.edits[-1].at
    shown = page(client, statement)
    assert re.search(r"Edited</dt>.*?<li>title</li>", shown, re.S)
    assert re.search(r"Retracted</dt>\s*<dd><time", shown)


def test_a_corrected_text_shows_what_changed_from_the_original(client, tmp_path):
    statement = only_statement(import_paths([write(tmp_path / "hudna.txt", TXT)]))
    assert "differs from the original" not in page(client, statement)
    statement.body = statement.body.replace("الرقة", "دير الزور")
    statement.save()
    shown = page(client, statement)
    assert "The text shown differs from the original" in shown
    assert re.search(r"<del>.*?الرقة.*?</del>", shown)
    assert re.search(r"<ins>.*?دير الزور.*?</ins>", shown)
    # The fingerprint stays the original's, and the original is unchanged.
    assert body_of(download(client, statement)) == TXT


def test_a_text_that_differs_only_in_line_ends_says_so_without_a_diff(client, tmp_path):
    statement = only_statement(import_paths([write(tmp_path / "hudna.txt", TXT)]))
    statement.body = statement.body.replace("\r\n", "\n").rstrip()
    statement.save()
    shown = page(client, statement)
    assert "The text shown differs from the original" in shown
    assert "Only in spaces or line ends" in shown
    assert "<del>" not in shown


def test_a_file_uploaded_in_the_admin_is_received_by_upload_with_its_name(
    client, settings, tmp_path
):
    settings.DATA_DIR = tmp_path / "data"  # where the admin keeps uploads
    client.force_login(make_user("reviewer", "reviewers"))
    preview = client.post(
        CHANGELIST + "import/",
        {"file": SimpleUploadedFile("hudna.txt", TXT), "status": "published"},
    ).content.decode()
    assert not Receipt.objects.exists()  # the preview is a dry run
    confirm = re.search(r'action="([^"]+/import/[^"]+/)"', preview).group(1)
    assert client.post(confirm).status_code == 302
    receipt = Statement.objects.get().receipts.get()
    assert (receipt.via, receipt.file_name) == (Receipt.Via.UPLOAD, "hudna.txt")
    assert receipt.file_sha256 == hashlib.sha256(TXT).hexdigest()


def test_the_word_diff_marks_removed_and_added_words_and_keeps_lines():
    old = "قصف المدينة\nالسطر الثاني"
    new = "قصف البلدة\nالسطر الثاني"
    assert word_diff(old, new) == [
        Piece("same", "قصف "),
        Piece("removed", "المدينة"),
        Piece("added", "البلدة"),
        Piece("same", "\nالسطر الثاني"),
    ]
    assert "".join(p.text for p in word_diff(old, new) if p.kind != "removed") == new
