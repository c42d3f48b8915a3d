"""manage.py backup and restore: a running archive into one file, and back exactly.

The archive is made in the test (an import with its receipts and originals,
an edit by a curator in a group, a retraction); the backup is restored into
a new deployment in a subprocess (its own data folder, SQLite, the gazetteer
loaded by its migrate), which then backs itself up: the two backups' rows
must be the same bytes. With ARCHIVE_TEST_POSTGRES_URL set (a PostgreSQL
server where the test may create a database), the same restore into
PostgreSQL.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from statements.ingest import import_paths
from statements.models import PublicChange, Receipt, Statement
from tests.factories import make_statement, make_user

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parent.parent
TXT = "بيان القيادة العامة حول الهدنة\nتعلن القيادة العامة التزامها بالهدنة في الرقة.\n"


@pytest.fixture(autouse=True)
def own_originals(originals_dir) -> Path:
    return originals_dir


def make_archive(tmp_path: Path) -> None:
    """Statements with receipts, originals, history, a retraction, curators."""
    source = tmp_path / "import"
    source.mkdir()
    (source / "truce.txt").write_text(TXT, encoding="utf-8")
    (source / "second.txt").write_text("بيان ثان\nنص البيان الثاني عن الرقة.\n")
    import_paths([source])
    curators = Group.objects.create(name="curators")
    curators.permissions.add(Permission.objects.get(codename="change_statement"))
    editor = make_user("editor")
    editor.groups.add(curators)
    statement = Statement.objects.get(title="بيان ثان")
    statement.title = "بيان ثان معدل"
    statement._history_user = editor
    statement.save()
    statement.status = Statement.Status.RETRACTED
    statement.retraction_reason = "نشر خطأ"
    statement.save()
    make_statement("نص كتب في الإدارة عن منبج")


def backup(path: Path) -> dict:
    call_command("backup", str(path), stdout=io.StringIO())
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))


def member(path: Path, name: str) -> bytes:
    with tarfile.open(path) as tar:
        return tar.extractfile(name).read()


def members(path: Path) -> list[str]:
    with tarfile.open(path) as tar:
        return sorted(tar.getnames())


def manage(data_dir: Path, *args: str, **env: str) -> str:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
        "ARCHIVE_DATA_DIR": str(data_dir),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def assert_restored_exactly(original: Path, data_dir: Path, **env: str) -> None:
    said = manage(data_dir, "restore", str(original), **env)
    assert "Restored 3 statements" in said
    again = data_dir / "again.tar.gz"
    manage(data_dir, "backup", str(again), **env)
    assert member(again, "data.jsonl") == member(original, "data.jsonl")
    assert members(again) == members(original)
    assert "The index matches the database." in manage(data_dir, "check_index", **env)
    found = manage(data_dir, "search_statements", "الهدنة", **env)
    assert "بيان القيادة العامة حول الهدنة" in found


def test_a_backup_holds_every_kind_of_record_and_the_originals(tmp_path):
    make_archive(tmp_path)
    manifest = backup(tmp_path / "archive.tar.gz")
    counts = manifest["counts"]
    assert counts["statements.statement"] == 3
    assert counts["statements.receipt"] == Receipt.objects.count() >= 2
    assert counts["statements.publicchange"] == PublicChange.objects.count() >= 3
    assert counts["statements.historicalstatement"] >= 3
    assert counts["auth.user"] == 1
    assert counts["auth.group"] == Group.objects.count()
    assert "statements.indextask" not in counts
    originals = [n for n in members(tmp_path / "archive.tar.gz") if "originals/" in n]
    sha256s = set(Statement.objects.values_list("sha256", flat=True))
    assert {name.rsplit("/", 1)[1] for name in originals} == sha256s
    assert manifest["versions"]["database"] == connection.vendor


def test_a_restore_into_a_new_deployment_gives_the_same_archive(tmp_path):
    make_archive(tmp_path)
    backup(tmp_path / "archive.tar.gz")
    assert_restored_exactly(tmp_path / "archive.tar.gz", tmp_path / "restored")


def test_a_restore_refuses_a_deployment_that_is_not_empty(tmp_path):
    make_archive(tmp_path)
    backup(tmp_path / "archive.tar.gz")
    with pytest.raises(
        CommandError, match="not empty: its database holds 3 statements"
    ):
        call_command("restore", str(tmp_path / "archive.tar.gz"))
    assert Statement.objects.count() == 3


def test_a_restore_after_the_database_is_emptied_puts_it_back(tmp_path):
    make_archive(tmp_path)
    backup(tmp_path / "archive.tar.gz")
    titles = sorted(Statement.objects.values_list("title", "sha256"))
    members_of_group = list(Group.objects.get(name="curators").user_set.all())
    call_command("flush", interactive=False)
    call_command("restore", str(tmp_path / "archive.tar.gz"), stdout=io.StringIO())
    assert sorted(Statement.objects.values_list("title", "sha256")) == titles
    curators = Group.objects.get(name="curators")
    assert list(curators.user_set.all()) == members_of_group
    assert list(curators.permissions.values_list("codename", flat=True)) == [
        "change_statement"
    ]


def test_a_truncated_backup_is_refused_with_a_clear_error(tmp_path):
    make_archive(tmp_path)
    whole = tmp_path / "archive.tar.gz"
    backup(whole)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="damaged or cut short"):
        call_command("restore", str(cut))
    assert Statement.objects.count() == 0


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    other = tmp_path / "notes.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        tar.add(__file__, "notes.txt")
    with pytest.raises(CommandError, match="not a backup of this archive"):
        call_command("restore", str(other))
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def rewritten(path: Path, target: Path, change) -> Path:
    """The backup with ``change(name, data)`` applied to each member's bytes."""
    with tarfile.open(path) as source, tarfile.open(target, "w:gz") as out:
        for item in source.getmembers():
            data = change(item.name, source.extractfile(item).read())
            item.size = len(data)
            out.addfile(item, io.BytesIO(data))
    return target


def test_altered_rows_or_originals_are_refused(tmp_path):
    make_archive(tmp_path)
    whole = tmp_path / "archive.tar.gz"
    backup(whole)
    rows = rewritten(
        whole,
        tmp_path / "rows.tar.gz",
        lambda name, data: (
            data.replace("الهدنة".encode(), "السلام".encode())
            if name == "data.jsonl"
            else data
        ),
    )
    bytes_ = rewritten(
        whole,
        tmp_path / "bytes.tar.gz",
        lambda name, data: data + b"!" if name.startswith("originals/") else data,
    )
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="rows are missing or damaged"):
        call_command("restore", str(rows))
    with pytest.raises(CommandError, match=r"is damaged \(another SHA-256"):
        call_command("restore", str(bytes_))
    assert Statement.objects.count() == 0


def test_backup_will_not_overwrite_a_file(tmp_path):
    (tmp_path / "archive.tar.gz").write_text("an older backup")
    with pytest.raises(CommandError, match="exists: give the new backup another name"):
        call_command("backup", str(tmp_path / "archive.tar.gz"))


POSTGRES_URL = os.environ.get("ARCHIVE_TEST_POSTGRES_URL", "")


@pytest.mark.skipif(
    not POSTGRES_URL, reason="set ARCHIVE_TEST_POSTGRES_URL to a PostgreSQL server"
)
def test_a_sqlite_backup_restores_into_postgresql(tmp_path):
    psycopg = pytest.importorskip("psycopg", reason="pip install -e '.[postgres]'")
    make_archive(tmp_path)
    backup(tmp_path / "archive.tar.gz")
    name = f"archive_restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        assert_restored_exactly(
            tmp_path / "archive.tar.gz", tmp_path / "restored", DATABASE_URL=url
        )
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as server:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
