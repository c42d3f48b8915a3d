"""Bounded inputs: each limit refuses what passes it with a message naming the
limit, never a server error; a record past a limit is reported and the rest
of its file imported, a file past a whole-file limit is refused whole."""

import csv
import gzip
import io
import json
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from statements.ingest import import_paths
from statements.models import Statement
from statements.web.views import BoundedPaginator
from tests.factories import make_statement, make_user

pytestmark = pytest.mark.django_db

BODY = "أعلنت القيادة العامة وقف إطلاق النار في المنطقة"


def record(n: int, **fields) -> dict:
    return {
        "external_id": f"r{n}",
        "title": f"بيان {n}",
        "body": f"{BODY} {n}",
        **fields,
    }


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def gzip_bomb(path: Path, first_line: str, expanded_mib: int) -> Path:
    """One valid record, then ``expanded_mib`` MiB of empty lines: a few
    kilobytes on disk."""
    with gzip.open(path, "wb") as out:
        out.write(first_line.encode("utf-8"))
        for _ in range(expanded_mib):
            out.write(b"\n" * (1 << 20))
    return path


def errors(summary) -> list[str]:
    return [str(e) for e in summary.errors]


# ---------------------------------------------------------------- gzip input


def test_a_gzip_bomb_is_refused_early_and_nothing_of_it_is_stored(tmp_path):
    bomb = gzip_bomb(tmp_path / "bomb.jsonl.gz", jsonl(record(1)), 256)
    assert bomb.stat().st_size < 1 << 20
    started = time.monotonic()
    summary = import_paths([bomb])
    assert time.monotonic() - started < 5  # stopped at the first MiB, not 256
    [message] = errors(summary)
    assert "ARCHIVE_GZIP_MAX_RATIO" in message
    assert "nothing in this file was imported" in message
    assert Statement.objects.count() == 0


def test_a_gzip_file_past_the_size_limit_is_refused_whole(tmp_path, settings):
    settings.ARCHIVE_GZIP_MAX_BYTES = 20_000
    records = [record(n) for n in range(300)]  # ~30 KB, compressing ~10 times
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(*records).encode("utf-8")))
    [message] = errors(import_paths([path]))
    assert "ARCHIVE_GZIP_MAX_BYTES" in message and "20,000" in message
    assert Statement.objects.count() == 0


def test_a_gzip_file_within_the_limits_imports(tmp_path, settings):
    settings.ARCHIVE_GZIP_MAX_BYTES = 200_000
    path = tmp_path / "ok.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(*[record(n) for n in range(300)]).encode()))
    summary = import_paths([path])
    assert errors(summary) == []
    assert summary.created == 300


def test_the_command_line_reports_a_gzip_bomb_and_fails(tmp_path):
    bomb = gzip_bomb(tmp_path / "bomb.csv.gz", "title,body\nعنوان,نص\n", 64)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("import_statements", str(bomb), stderr=err)
    assert "ARCHIVE_GZIP_MAX_RATIO" in err.getvalue()
    assert Statement.objects.count() == 0


def test_a_truncated_gzip_file_is_reported_not_raised(tmp_path):
    whole = gzip.compress(jsonl(*[record(n) for n in range(50)]).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    [message] = errors(import_paths([path]))
    assert "not a valid gzip file" in message


# ------------------------------------------------------------ admin upload

CHANGELIST = "/admin/statements/statement/"


def uploads() -> list[Path]:
    folder = Path(settings.DATA_DIR) / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_an_upload_past_the_limit_is_refused_with_the_limit_named(client, settings):
    settings.ARCHIVE_UPLOAD_MAX_BYTES = 10_000
    client.force_login(make_user("editor", "editors"))
    kept_before = uploads()
    content = jsonl(*[record(n) for n in range(200)]).encode("utf-8")
    assert len(content) > 10_000
    response = client.post(
        CHANGELIST + "import/",
        {"file": SimpleUploadedFile("big.jsonl", content), "status": "draft"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ARCHIVE_UPLOAD_MAX_BYTES" in page
    assert uploads() == kept_before
    assert Statement.objects.count() == 0


def test_a_gzip_bomb_uploaded_in_the_admin_is_reported_in_the_preview(client, tmp_path):
    client.force_login(make_user("editor", "editors"))
    bomb = gzip_bomb(tmp_path / "bomb.jsonl.gz", jsonl(record(1)), 32)
    response = client.post(
        CHANGELIST + "import/",
        {
            "file": SimpleUploadedFile("bomb.jsonl.gz", bomb.read_bytes()),
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert "ARCHIVE_GZIP_MAX_RATIO" in response.content.decode()
    assert Statement.objects.count() == 0


# ------------------------------------------------------- lines and records


def test_a_line_past_the_limit_is_reported_and_the_next_lines_imported(
    tmp_path, settings
):
    settings.ARCHIVE_MAX_LINE_CHARS = 2_000
    long_record = record(2, body="ن" * 5_000)
    path = tmp_path / "lines.jsonl"
    path.write_text(jsonl(record(1), long_record, record(3)), encoding="utf-8")
    summary = import_paths([path])
    [message] = errors(summary)
    assert message.endswith(
        ":2: the line is longer than 2,000 characters "
        "(ARCHIVE_MAX_LINE_CHARS); it was skipped"
    )
    assert set(Statement.objects.values_list("external_id", flat=True)) == {
        "r1",
        "r3",
    }


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".txt"])
def test_a_record_past_the_limit_is_reported_in_every_format(
    tmp_path, settings, suffix
):
    settings.ARCHIVE_MAX_RECORD_CHARS = 3_000
    long_body = "كلمة " * 1_000
    path = tmp_path / f"records{suffix}"
    records = [record(1), record(2, body=long_body), record(3)]
    if suffix == ".jsonl":
        path.write_text(jsonl(*records), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    elif suffix == ".csv":
        write_csv(path, records)
    else:
        path.write_text(f"عنوان\n{long_body}", encoding="utf-8")
    summary = import_paths([path])
    [message] = errors(summary)
    assert "ARCHIVE_MAX_RECORD_CHARS" in message
    expected = 0 if suffix == ".txt" else 2
    assert Statement.objects.count() == expected


def write_csv(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, ["external_id", "title", "body"])
        writer.writeheader()
        writer.writerows(records)


def test_a_csv_cell_past_the_limit_is_reported_and_the_next_rows_imported(
    tmp_path, settings
):
    settings.ARCHIVE_MAX_CSV_FIELD_CHARS = 1_000
    path = tmp_path / "cells.csv"
    write_csv(path, [record(1), record(2, body="ن" * 2_000), record(3)])
    summary = import_paths([path])
    [message] = errors(summary)
    assert "ARCHIVE_MAX_CSV_FIELD_CHARS" in message
    assert set(Statement.objects.values_list("external_id", flat=True)) == {
        "r1",
        "r3",
    }


def test_a_csv_body_longer_than_pythons_default_cell_limit_imports(tmp_path):
    path = tmp_path / "long.csv"
    write_csv(path, [record(1, body=BODY + " " + "ن" * 200_000)])
    summary = import_paths([path])
    assert errors(summary) == []
    assert summary.created == 1


# ------------------------------------------------------------------- JSON


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_past_the_limit_is_a_record_error(tmp_path):
    deep = '{"title": "عنوان", "body": "نص", "tags": ' + nested(30) + "}\n"
    stack_breaker = '{"body": ' + nested(200_000) + "}\n"
    path = tmp_path / "deep.jsonl"
    path.write_text(
        jsonl(record(1)) + deep + stack_breaker + jsonl(record(4)), encoding="utf-8"
    )
    summary = import_paths([path])
    messages = errors(summary)
    assert len(messages) == 2
    assert all("ARCHIVE_MAX_JSON_DEPTH" in m for m in messages)
    assert messages[0].startswith(f"{path}:2:") and messages[1].startswith(f"{path}:3:")
    assert Statement.objects.count() == 2


def test_a_json_array_with_one_deep_record_imports_the_others(tmp_path):
    path = tmp_path / "deep.json"
    records = [record(1), {**record(2), "tags": json.loads(nested(25))}, record(3)]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    summary = import_paths([path])
    [message] = errors(summary)
    assert message.startswith(f"{path}:2:") and "ARCHIVE_MAX_JSON_DEPTH" in message
    assert Statement.objects.count() == 2


def test_a_json_file_too_deep_to_parse_is_refused_whole(tmp_path):
    path = tmp_path / "stack.json"
    path.write_text(nested(200_000), encoding="utf-8")
    [message] = errors(import_paths([path]))
    assert "ARCHIVE_MAX_JSON_DEPTH" in message
    assert "nothing in this file was imported" in message


def test_an_integer_of_thousands_of_digits_is_a_record_error(tmp_path):
    path = tmp_path / "digits.jsonl"
    path.write_text(
        '{"title": "t", "body": "b", "x": ' + "9" * 5_000 + "}\n" + jsonl(record(2)),
        encoding="utf-8",
    )
    summary = import_paths([path])
    [message] = errors(summary)
    assert ":1: not valid JSON" in message
    assert summary.created == 1


def test_a_sidecar_too_deep_is_reported_for_its_statement(tmp_path):
    (tmp_path / "a.txt").write_text(f"عنوان\n{BODY}", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        '{"tags": ' + nested(100) + "}", encoding="utf-8"
    )
    [message] = errors(import_paths([tmp_path / "a.txt"]))
    assert "a.meta.json:1:" in message and "ARCHIVE_MAX_JSON_DEPTH" in message


# ------------------------------------------------------ page × page size


def test_a_search_page_past_the_ceiling_says_why(client):
    make_statement(title="بيان")
    allowed = client.get("/en/search/", {"q": "بيان", "page": 500})
    refused = client.get("/en/search/", {"q": "بيان", "page": 501})
    assert allowed.status_code == refused.status_code == 200
    assert "Only the first 10000 results" not in allowed.content.decode()
    assert "Only the first 10000 results can be paged through" in (
        refused.content.decode()
    )


def test_the_api_refuses_a_page_past_the_ceiling_with_its_error_shape(client):
    ok = client.get("/api/v1/search", {"q": "x", "page": 100, "page_size": 100})
    refused = client.get("/api/v1/search", {"q": "x", "page": 101, "page_size": 100})
    assert ok.status_code == 200
    assert refused.status_code == 400
    body = refused.json()
    assert "page" in body["fields"]
    assert "10000" in body["fields"]["page"][0]


def test_the_ceiling_is_a_setting(client, settings):
    settings.ARCHIVE_MAX_RESULTS = 100
    refused = client.get("/api/v1/search", {"q": "x", "page": 6})
    assert refused.status_code == 400
    assert client.get("/api/v1/search", {"q": "x", "page": 5}).status_code == 200


def test_browse_pages_stop_at_the_ceiling(settings):
    settings.ARCHIVE_MAX_RESULTS = 100
    paginator = BoundedPaginator(list(range(1_000)), 20)
    assert paginator.num_pages == 5
    assert paginator.get_page(10**9).number == 5


def test_a_browse_page_far_past_the_end_is_the_last_page(client):
    make_statement(title="بيان")
    response = client.get("/statements/", {"page": 10**12})
    assert response.status_code == 200
