"""The public dumps: export_dumps, /data/ and its files, datapackage.json."""

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from frictionless import validate

from statements.dumps import current_dump, export_dumps
from statements.models import Statement
from tests.factories import make_statement, small_archive

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test its own data folder: no dump until the test writes one."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


@pytest.fixture
def archive():
    archive = small_archive()
    archive["truce"].status = Statement.Status.RETRACTED
    archive["truce"].retraction_reason = "نُشر خطأً"
    archive["truce"].save()
    make_statement('=HYPERLINK("http://evil")\nمسودة', status=Statement.Status.DRAFT)
    return archive


def jsonl_records(folder: Path) -> list[dict]:
    with gzip.open(folder / "statements.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_export_dumps_writes_the_public_statements_and_sums_that_verify(archive):
    call_command("export_dumps", verbosity=0)
    dump = current_dump()
    assert dump.statements == 3
    records = jsonl_records(dump.folder)
    assert {r["title"] for r in records} == {
        archive[k].title for k in ("prisons", "ceasefire", "truce")
    }
    retracted = next(r for r in records if r["status"] == "retracted")
    assert retracted["retraction_reason"] == "نُشر خطأً"
    sums = (dump.folder / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 5
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((dump.folder / name).read_bytes()).hexdigest() == digest
    text = gzip.decompress((dump.folder / "statements.csv.gz").read_bytes())
    assert text.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))) == 4
    licence = (dump.folder / "LICENSE.txt").read_text()
    assert "The statements are the publications of their issuers" in licence
    assert "How to cite" in licence and "3 statements" in licence


def test_datapackage_json_validates_with_frictionless_data_included(archive):
    dump = export_dumps()
    report = validate(str(dump.folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((dump.folder / "datapackage.json").read_text())
    csv_resource = package["resources"][0]
    assert csv_resource["name"] == "statements-csv"
    assert {f["name"]: f["type"] for f in csv_resource["schema"]["fields"]}["tags"] == (
        "string"
    )
    assert all(f["description"] for f in csv_resource["schema"]["fields"])
    # Both statement files were read row by row against their columns.
    assert [task.stats.get("rows") for task in report.tasks[:2]] == [3, 3]


def test_frictionless_finds_a_row_that_breaks_the_described_columns(archive):
    dump = export_dumps()
    folder = dump.folder
    path = folder / "statements.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    sha = archive["prisons"].sha256
    path.write_bytes(
        gzip.compress(text.replace(sha, "not-a-hash").encode("utf-8-sig"), mtime=0)
    )
    package_path = folder / "datapackage.json"
    package = json.loads(package_path.read_text())
    data = path.read_bytes()
    package["resources"][0].update(
        bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}"
    )
    package_path.write_text(json.dumps(package))
    report = validate(str(package_path))
    assert not report.valid
    errors = report.flatten(["fieldName", "type"])
    assert ["sha256", "constraint-error"] in errors


def test_the_data_page_lists_each_file_with_size_and_sha256(
    archive, client, django_assert_num_queries
):
    dump = export_dumps()
    # One query: the public changes since the dump (tests/test_dump_follower.py).
    with django_assert_num_queries(1):
        response = client.get("/data/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar" dir="rtl"' in page and "البيانات المفتوحة" in page
    for file in dump.files:
        assert f'href="/data/{file.name}"' in page
        assert file.sha256 in page
    english = client.get("/en/data/").content.decode()
    assert "Open data" in english and "3 statements" in english
    assert 'href="/en/data/statements.csv.gz"' in english


def test_the_data_page_says_when_no_dump_has_been_written(client):
    response = client.get("/en/data/")
    assert response.status_code == 200
    assert "No dump has been written yet" in response.content.decode()
    assert client.get("/data/statements.csv.gz").status_code == 404


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("statements.csv.gz", "application/gzip"),
        ("statements.jsonl.gz", "application/gzip"),
        ("datapackage.json", "application/json"),
        ("statements.gazetteer.json", "application/json"),
        ("LICENSE.txt", "text/plain; charset=utf-8"),
        ("SHA256SUMS", "text/plain; charset=utf-8"),
    ],
)
def test_each_file_is_served_as_written(archive, client, name, content_type):
    dump = export_dumps()
    response = client.get(f"/data/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert not response.has_header("Content-Encoding")
    body = b"".join(response.streaming_content)
    assert body == (dump.folder / name).read_bytes()
    if name.endswith(".gz"):
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize(
    "url",
    [
        "/data/db.sqlite3",
        "/data/current",
        "/data/..%2Fdb.sqlite3",
        "/data/%2e%2e",
        "/data/statements.csv",
        "/en/data/../db.sqlite3",
    ],
)
def test_other_names_are_not_found_and_nothing_outside_is_reached(
    archive, client, data_dir, url
):
    export_dumps()
    (data_dir / "db.sqlite3").write_bytes(b"secret")
    response = client.get(url)
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_a_new_dump_replaces_the_previous_one_whole(archive, data_dir):
    first = export_dumps().folder
    make_statement("بيان جديد بعد التصدير الأول")
    second = export_dumps()
    assert second.folder != first and not first.exists()
    assert second.statements == 4
    assert sorted(p.name for p in (data_dir / "dumps").iterdir()) == sorted(
        ["current", "write.lock", second.folder.name]
    )


def test_a_dump_that_fails_half_way_leaves_the_previous_one_served(
    archive, data_dir, settings
):
    first = export_dumps()
    settings.ARCHIVE_DUMP_LICENSES = [{"name": object()}]  # not JSON: fails
    with pytest.raises(TypeError):
        export_dumps()
    assert current_dump().folder == first.folder
    assert sorted(p.name for p in (data_dir / "dumps").iterdir()) == sorted(
        ["current", "write.lock", first.folder.name]
    )


def test_import_statements_rewrites_the_dumps_unless_told_not_to(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"body": "نص البيان", "title": "عنوان"}) + "\n")
    call_command("import_statements", str(path), "--no-dumps", verbosity=0)
    assert current_dump() is None
    path.write_text(json.dumps({"body": "نص آخر", "title": "عنوان"}) + "\n")
    call_command("import_statements", str(path), verbosity=0)
    written = current_dump()
    assert written.statements == 2
    call_command("import_statements", str(path), verbosity=0)  # nothing changed
    assert current_dump().folder == written.folder
