"""The importer on real files: formats, encodings, idempotency, failures."""

import csv
import gzip
import hashlib
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from statements.ingest import encodings, import_paths, store
from statements.ingest.readers import UnreadableFile, decode
from statements.models import Actor, Statement

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "تواصل قوّات سوريا الديمقراطية الحرب ضد خلايا تنظيم داعش في دير الزور."


def record(n: int, **fields) -> dict:
    return {
        "external_id": f"ext-{n}",
        "title": f"بيان رقم {n}",
        "body": f"{BODY} ({n})",
        **fields,
    }


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


def indexed_ids(backend) -> set[int]:
    backend.setup()
    with backend.index.refresh().searcher() as searcher:
        return {int(doc["django_id"]) for doc in searcher.all_stored_fields()}


def test_jsonl_records_are_created_with_their_metadata(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            record(
                1,
                date="2020-03-15",
                issuer="قسد",
                tags=["داعش", "أمن"],
                places=["دير الزور"],
                source_url="https://example.org/1",
                type="press release",
                language="ar",
                author="متابعات",
            )
        ],
    )
    summary = import_paths([path])
    assert (summary.created, summary.failed) == (1, 0)
    statement = Statement.objects.get(external_id="ext-1")
    assert statement.date_display == "2020-03-15"
    assert statement.issuer.name_ar == "قسد"
    assert sorted(t.name for t in statement.tags.all()) == ["أمن", "داعش"]
    assert [p.name_ar for p in statement.places.all()] == ["دير الزور"]
    assert statement.type.code == "press_release"
    assert statement.status == Statement.Status.PUBLISHED
    assert statement.sha256 == hashlib.sha256(f"{BODY} (1)".encode()).hexdigest()


def test_json_array_and_csv_give_the_same_statements(tmp_path):
    (tmp_path / "a.json").write_text(
        json.dumps([record(1), record(2)], ensure_ascii=False), encoding="utf-8"
    )
    with open(tmp_path / "b.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["external_id", "title", "body", "tags", "date"]
        )
        writer.writeheader()
        writer.writerow({**record(3), "tags": "أمن; داعش", "date": "2019"})
    summary = import_paths([tmp_path])
    assert summary.created == 3
    from_csv = Statement.objects.get(external_id="ext-3")
    assert from_csv.date_display == "2019"
    assert from_csv.tags.count() == 2


def test_txt_takes_the_first_non_empty_line_as_title_and_hashes_the_file_bytes(
    tmp_path,
):
    data = "\n\nعنوان البيان\nالسطر الأول\nالسطر الثاني".encode()
    (tmp_path / "s.txt").write_bytes(data)
    (tmp_path / "s.meta.json").write_text(
        json.dumps({"issuer": "قسد", "type": "statement"}), encoding="utf-8"
    )
    summary = import_paths([tmp_path])
    assert summary.created == 1
    statement = Statement.objects.get()
    assert statement.title == "عنوان البيان"
    assert statement.body == "السطر الأول\nالسطر الثاني"
    assert statement.sha256 == hashlib.sha256(data).hexdigest()
    assert statement.issuer.name_ar == "قسد"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_every_supported_encoding_gives_the_same_text(tmp_path, encoding):
    (tmp_path / "s.txt").write_bytes(f"عنوان\n{BODY}".encode(encoding))
    assert import_paths([tmp_path]).created == 1
    assert Statement.objects.get().body == BODY


def test_gzipped_jsonl_is_read(tmp_path):
    raw = "\n".join(
        json.dumps(record(n), ensure_ascii=False) for n in range(3)
    ).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(raw))
    assert import_paths([tmp_path]).created == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1256"])
def test_a_streamed_file_is_decoded_across_chunk_boundaries(
    tmp_path, monkeypatch, encoding
):
    """JSON Lines and CSV are read a chunk at a time: the encoding is decided
    on the whole file (here Arabic only after ASCII lines), and a letter cut
    between two chunks comes out whole."""
    monkeypatch.setattr(encodings, "CHUNK_BYTES", 7)
    plain = [record(n, title=f"No. {n}", body=f"plain ASCII {n}") for n in range(3)]
    rows = [*plain, record(3, body=BODY), record(4, body="ختام")]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    (tmp_path / "a.jsonl").write_bytes(text.encode(encoding))
    assert import_paths([tmp_path]).created == 5
    assert Statement.objects.get(external_id="ext-3").body == BODY


def test_undecidable_encoding_is_reported_not_imported_as_mojibake(tmp_path):
    (tmp_path / "s.txt").write_bytes("Título français élevé\ncorps".encode("latin-1"))
    summary = import_paths([tmp_path])
    assert summary.created == 0
    assert "encoding could not be determined" in str(summary.errors[0])
    assert not Statement.objects.exists()


def test_decode_rejects_utf16_without_bom():
    with pytest.raises(UnreadableFile, match="UTF-16 without a byte-order mark"):
        decode("بيان القيادة".encode("utf-16-le"), Path("x.txt"))
    with pytest.raises(UnreadableFile, match="UTF-16 without a byte-order mark"):
        decode("بيان".encode("utf-16-be"), Path("x.txt"))


def test_bad_records_are_reported_with_line_and_reason_and_the_rest_imported(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps(record(1), ensure_ascii=False),
        "{not json",
        json.dumps(record(3, body=""), ensure_ascii=False),
        json.dumps(record(4, date="2020-13-40"), ensure_ascii=False),
        json.dumps(record(5, date="2020/01/01"), ensure_ascii=False),
        json.dumps(record(6, issuor="x"), ensure_ascii=False),
        json.dumps(record(7), ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    summary = import_paths([path])
    assert summary.created == 2
    messages = [str(e) for e in summary.errors]
    assert messages[0].startswith(f"{path}:2: not valid JSON")
    assert (
        messages[1]
        == f"{path}:3: 'body' is missing or empty: a statement needs its text"
    )
    assert messages[2].startswith(f"{path}:4: 'date' '2020-13-40' is not a real date")
    assert (
        messages[3]
        == f"{path}:5: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, got '2020/01/01'"
    )
    assert messages[4].startswith(f"{path}:6: unknown field 'issuor'")


def test_command_summarises_and_exits_non_zero_when_a_record_failed(tmp_path, capsys):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1), record(2, body=" ")])
    with pytest.raises(
        CommandError, match="1 created, 0 updated, 0 unchanged, 1 failed"
    ):
        call_command("import_statements", str(path))
    assert ":2: 'body' is missing" in capsys.readouterr().err


def test_importing_again_changes_nothing_and_a_changed_record_is_updated(
    tmp_path, search_index
):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1), record(2)])
    import_paths([path])
    again = import_paths([path])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    write_jsonl(path, [record(1, title="عنوان مصحح"), record(2)])
    changed = import_paths([path])
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Statement.objects.get(external_id="ext-1").title == "عنوان مصحح"
    assert Statement.objects.count() == 2
    assert len(indexed_ids(search_index)) == 2


def test_records_without_external_id_are_matched_by_content_hash(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"title": "أ", "body": BODY}])
    import_paths([path])
    assert import_paths([path]).unchanged == 1
    assert Statement.objects.count() == 1


def test_reimport_does_not_undo_a_curators_retraction(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1)])
    import_paths([path])
    Statement.objects.update(
        status=Statement.Status.RETRACTED, retraction_reason="مزور"
    )
    assert import_paths([path]).unchanged == 1
    assert Statement.objects.get().status == Statement.Status.RETRACTED


def test_dry_run_changes_nothing_but_reports_what_it_would_do(tmp_path, search_index):
    path = write_jsonl(
        tmp_path / "a.jsonl", [record(1, issuer="جهة جديدة", tags=["وسم"])]
    )
    summary = import_paths([path], dry_run=True)
    assert summary.created == 1
    assert not Statement.objects.exists()
    assert not Actor.objects.filter(name_ar="جهة جديدة").exists()
    assert indexed_ids(search_index) == set()


def test_draft_status_keeps_imported_statements_out_of_the_index(
    tmp_path, search_index
):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1), record(2, status="published")])
    import_paths([path], default_status="draft")
    assert Statement.objects.get(external_id="ext-1").status == "draft"
    assert indexed_ids(search_index) == {Statement.objects.get(external_id="ext-2").pk}


def test_imported_statements_are_in_the_index_when_the_import_returns(
    tmp_path, search_index
):
    path = write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(5)])
    import_paths([path])
    assert indexed_ids(search_index) == set(
        Statement.objects.values_list("pk", flat=True)
    )


def test_a_crash_inside_a_file_leaves_the_archive_as_before_and_a_rerun_completes_it(
    tmp_path, monkeypatch, search_index
):
    write_jsonl(tmp_path / "1.jsonl", [record(1)])
    write_jsonl(tmp_path / "2.jsonl", [record(n) for n in range(2, 8)])
    real = store.create_statements

    def crash_in_the_second_file(pending):
        created = real(pending)
        if len(pending) > 1:
            raise IntegrityError("simulated crash after the rows were inserted")
        return created

    monkeypatch.setattr(store, "create_statements", crash_in_the_second_file)
    with pytest.raises(IntegrityError):
        import_paths([tmp_path])
    assert list(Statement.objects.values_list("external_id", flat=True)) == ["ext-1"]
    monkeypatch.undo()
    summary = import_paths([tmp_path])
    assert (summary.created, summary.unchanged) == (6, 1)
    assert len(indexed_ids(search_index)) == 7


def test_same_external_id_twice_in_a_file_is_reported(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(1), record(1, title="آخر")])
    summary = import_paths([path])
    assert summary.created == 1
    assert "already appears at line 1" in str(summary.errors[0])


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"body": "نص\x00البيان"}, "body"),
        ({"title": "عنوان\x00"}, "title"),
        ({"tags": ["قصف", "هد\x00نة"]}, "tags"),
    ],
)
def test_a_nul_character_is_refused_naming_its_field(tmp_path, fields, named):
    """PostgreSQL cannot store U+0000 in text: refused on SQLite too, so that an
    archive can move from one to the other."""
    path = write_jsonl(tmp_path / "a.jsonl", [record(1, **fields), record(2)])
    summary = import_paths([path])
    assert summary.created == 1
    assert str(summary.errors[0]) == (
        f"{path}:1: '{named}' holds a NUL character (U+0000), which a statement "
        "may not hold: remove it"
    )


def test_unknown_issuer_is_matched_through_an_existing_alias(tmp_path):
    from tests.factories import make_actor

    sdf = make_actor(
        "قوات سوريا الديمقراطية", "Syrian Democratic Forces", aliases=["قسد"]
    )
    path = write_jsonl(
        tmp_path / "a.jsonl", [record(1, issuer="قسد"), record(2, issuer="SDF Press")]
    )
    import_paths([path])
    assert Statement.objects.get(external_id="ext-1").issuer == sdf
    assert Statement.objects.get(external_id="ext-2").issuer.name_en == "SDF Press"


def test_progress_reports_records_stored_batch_by_batch_then_indexed(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(store, "BATCH", 500)
    path = write_jsonl(tmp_path / "a.jsonl", [record(n) for n in range(1200)])
    calls = []
    import_paths([path], progress=lambda p: lambda *step: calls.append(step))
    # Stored as read: how many records the file holds is not known before.
    stored = [step for step in calls if step[0] == "stored"]
    assert stored == [("stored", 500, 0), ("stored", 1000, 0), ("stored", 1200, 0)]
    assert calls[-1] == ("indexed", 1200, 1200)


def test_a_file_stored_in_batches_is_matched_and_checked_across_them(
    tmp_path, monkeypatch
):
    """What one batch created is matched and found by the later ones, and
    reported by line, as in a file stored at once."""
    monkeypatch.setattr(store, "BATCH", 2)
    texts = [
        f"نص البيان رقم {n} " + "كلمات مشتركة كثيرة في البيان " * 20 for n in range(3)
    ]
    rows = [
        {"body": texts[0]},
        {"body": texts[1], "external_id": "x-1"},
        {"body": texts[0]},  # the same text again, no id: unchanged
        {"body": texts[2] + " "},  # near the first records
        {"body": texts[1], "external_id": "x-1b", "title": "نشر آخر"},
    ]
    path = write_jsonl(tmp_path / "a.jsonl", rows)
    summary = import_paths([path])
    assert (summary.created, summary.unchanged, summary.failed) == (4, 1, 0)
    reports = [str(d) for d in summary.duplicates]
    assert reports and all("near-duplicate of line" in r for r in reports), reports
    assert any(
        r.startswith(f"{path}:5: near-duplicate of line 2 (100%)") for r in reports
    )


def test_line_separator_characters_inside_a_record_do_not_split_it(tmp_path):
    body = "الفقرة الأولى\u2028الفقرة الثانية\u0085والثالثة"
    path = write_jsonl(tmp_path / "a.jsonl", [record(1, body=body)])
    summary = import_paths([path])
    assert (summary.created, summary.failed) == (1, 0)
    assert Statement.objects.get().body == body
