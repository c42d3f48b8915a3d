"""The dumps follow the archive: curators' changes reach /data/ through the
dumps follower (``follow_dumps``), and /data/ says how many are not in it yet.

Real files in a data folder of each test's own, the real database, the admin
through the test client, and real processes for two writers at once.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from statements.dumps import Outcome, current_dump, export_dumps, refresh_dumps
from statements.dumps.follower import newer_changes
from statements.dumps.published import writer_lock
from statements.models import PublicChange, Statement
from tests import postgresql_plans
from tests.archive_database import archive_database
from tests.factories import make_statement, make_user, small_archive
from tests.test_admin import CHANGELIST, form_data, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test its own data folder (dumps, uploads); a change counts once it
    is stamped: no other process's transaction is open in these tests."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 0
    settings.ARCHIVE_DUMPS_INTERVAL_SECONDS = 1
    return settings.DATA_DIR


@pytest.fixture
def archive():
    return small_archive()


def titles(dump) -> dict[str, str]:
    """Title → status of every record of the dump's JSON Lines file."""
    with gzip.open(dump.folder / "statements.jsonl.gz", "rt", encoding="utf-8") as f:
        return {r["title"]: r["status"] for r in map(json.loads, f)}


def fingerprint(dump) -> tuple:
    """What would change if the dump were written again, even identically."""
    package = dump.folder / "datapackage.json"
    sums = (dump.folder / "SHA256SUMS").read_bytes()
    return dump.folder, package.stat().st_mtime_ns, hashlib.sha256(sums).digest()


def command_output(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def wait_out_the_interval(dump) -> None:
    interval = settings.ARCHIVE_DUMPS_INTERVAL_SECONDS
    age = (timezone.now() - dump.created).total_seconds()
    time.sleep(max(0.0, interval - age + 0.05))


# ------------------------------------------------------------------ the follower


def test_an_edit_in_the_admin_is_in_the_dump_once_the_interval_has_passed(
    archive, client
):
    first = export_dumps()
    client.force_login(make_user("reviewer", "reviewers"))
    statement = archive["prisons"]
    response = client.post(
        f"{CHANGELIST}{statement.pk}/change/",
        form_data(statement, title="عنوان صححه المراجع"),
    )
    assert response.status_code == 302
    wait_out_the_interval(first)
    assert refresh_dumps() is Outcome.WRITTEN
    dump = current_dump()
    assert dump.folder != first.folder and dump.created > first.created
    assert titles(dump)["عنوان صححه المراجع"] == "published"
    assert statement.title not in titles(dump)
    # datapackage.json says the new dump's time, as /data/ does.
    package = json.loads((dump.folder / "datapackage.json").read_text())
    assert package["created"] == dump.created.isoformat()


def test_an_upload_publications_retractions_and_deletions_reach_the_dump(
    archive, client
):
    first = export_dumps()
    client.force_login(make_user("reviewer", "reviewers"))
    record = {"external_id": "up", "title": "بيان مرفوع", "body": "نص البيان المرفوع"}
    page = upload(client, [record], status="published").content.decode()
    confirm = re.search(r'action="([^"]+/import/[^"]+/)"', page).group(1)
    assert client.post(confirm).status_code == 302
    archive["truce"].status = Statement.Status.RETRACTED
    archive["truce"].retraction_reason = "نُشر خطأً"
    archive["truce"].save()
    archive["ceasefire"].delete()
    make_statement("مسودة لن تنشر", title="مسودة", status=Statement.Status.DRAFT)
    wait_out_the_interval(first)
    assert refresh_dumps() is Outcome.WRITTEN
    assert titles(current_dump()) == {
        archive["prisons"].title: "published",
        archive["truce"].title: "retracted",
        "بيان مرفوع": "published",
    }


def test_within_the_interval_a_change_waits_and_the_dump_is_left_alone(
    archive, settings
):
    settings.ARCHIVE_DUMPS_INTERVAL_SECONDS = 3600
    dump = export_dumps()
    before = fingerprint(dump)
    archive["prisons"].title = "عنوان جديد"
    archive["prisons"].save()
    assert refresh_dumps() is Outcome.TOO_SOON
    assert fingerprint(current_dump()) == before


def test_without_a_public_change_the_dump_is_not_written_again(archive):
    dump = export_dumps()
    before = fingerprint(dump)
    # A draft's edit is not public: the change log does not move.
    make_statement("نص مسودة", status=Statement.Status.DRAFT)
    wait_out_the_interval(dump)
    assert refresh_dumps() is Outcome.CURRENT
    assert fingerprint(current_dump()) == before


def test_a_change_stamped_just_before_the_dump_may_be_missing_so_it_counts(
    archive, settings
):
    """Its transaction may have been open while the dump was read: the dump
    is written again, rather than perhaps miss it."""
    settings.ARCHIVE_CHANGES_SETTLE_SECONDS = 5
    dump = export_dumps()
    assert newer_changes(dump) == 0  # what /data/ says: stamped before the dump
    wait_out_the_interval(dump)
    assert refresh_dumps() is Outcome.WRITTEN


def test_the_first_look_writes_a_dump_when_there_is_none(archive):
    assert current_dump() is None
    assert refresh_dumps() is Outcome.WRITTEN
    assert current_dump().statements == 3


def test_an_interval_of_zero_leaves_the_dumps_to_the_commands(archive, settings):
    settings.ARCHIVE_DUMPS_INTERVAL_SECONDS = 0
    assert refresh_dumps() is Outcome.OFF
    out = command_output("follow_dumps")
    assert "ARCHIVE_DUMPS_INTERVAL_SECONDS is 0" in out
    assert current_dump() is None


def test_follow_dumps_once_says_what_it_did(archive):
    assert command_output("follow_dumps", "--once") == "the dumps were written.\n"
    assert "no public change since" in command_output("follow_dumps", "--once")


def test_what_a_writer_stopped_half_way_left_is_removed_by_the_next(archive, data_dir):
    root = data_dir / "dumps"
    (root / "20260101T000000-k3j_x9ab").mkdir(parents=True)
    (root / ".20260101T000000-k3j_x9ab.link").symlink_to("20260101T000000-k3j_x9ab")
    (root / "README").write_text("an operator's note")
    dump = export_dumps()
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["README", "current", "write.lock", dump.folder.name]
    )


# ----------------------------------------------------------------- /data/ says


def test_the_data_page_counts_the_public_changes_since_the_dump(
    archive, client, django_assert_num_queries
):
    dump = export_dumps()
    page = client.get("/en/data/").content.decode()
    assert "No public change has been recorded since then" in page
    for key, title in (("prisons", "عنوان أول"), ("truce", "عنوان ثان")):
        archive[key].title = title
        archive[key].save()
    with django_assert_num_queries(1):
        page = client.get("/en/data/").content.decode()
    assert "Since then, 2 public changes have been recorded" in page
    arabic = client.get("/data/").content.decode()
    assert "سُجّل منذ ذلك الحين تغييران علنيان" in arabic
    assert dump.created.strftime("%Y-%m-%d %H:%M") in arabic
    wait_out_the_interval(dump)
    assert refresh_dumps() is Outcome.WRITTEN
    page = client.get("/en/data/").content.decode()
    assert "No public change has been recorded since then" in page


def test_the_data_page_stops_counting_at_a_thousand(archive, client):
    dump = export_dumps()
    later = dump.created + datetime.timedelta(seconds=1)
    PublicChange.objects.bulk_create(
        PublicChange(
            statement_id=10_000 + n,
            state=PublicChange.State.PUBLISHED,
            changed_at=later,
            first_public_at=later,
        )
        for n in range(1_005)
    )
    assert newer_changes(dump) == 1_001
    page = client.get("/en/data/").content.decode()
    assert "Since then, more than 1000 public changes have been recorded" in page
    arabic = client.get("/data/").content.decode()
    assert "أكثر من 1000 تغيير علني" in arabic


def test_counting_the_changes_reads_a_range_of_the_changed_at_index(archive):
    """Never the whole log (a row per statement ever public): the range of
    the index after the dump's time, cut at the limit."""
    dump = export_dumps()
    with CaptureQueriesContext(connection) as captured:
        newer_changes(dump)
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = " ".join(row[-1] for row in cursor.fetchall())
            assert "INDEX change_order (changed_at>?)" in plan, plan
        else:
            nodes = postgresql_plans.explain(
                cursor, query["sql"], postgresql_plans.ONLY_BITMAPS
            )
            read = [
                node.get("Recheck Cond") or node.get("Index Cond") or ""
                for node, _ in nodes
                if node.get("Relation Name") == "statements_publicchange"
            ]
            assert read and all("changed_at >" in c for c in read), nodes
    assert "LIMIT 1001" in query["sql"]


# ------------------------------------------------------------ one writer at once


def _archive_processes(archive, interval: int) -> dict[str, str]:
    return {
        **os.environ,
        **archive.environment(),
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
        "ARCHIVE_DUMPS_INTERVAL_SECONDS": str(interval),
    }


def _manage(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _said(process: subprocess.Popen) -> str:
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0, out
    return out


@pytest.fixture
def processes_archive(tmp_path):
    """An archive of its own (folder, database) that other processes share,
    with three public statements and no dump."""
    with archive_database(tmp_path / "node") as made:
        made.folder.mkdir()
        env = _archive_processes(made, 3600)
        records = tmp_path / "records.jsonl"
        records.write_text(
            "".join(
                json.dumps({"title": f"بيان {n}", "body": f"نص البيان رقم {n}"}) + "\n"
                for n in range(3)
            )
        )
        _said(_manage(env, "migrate", "--noinput", "-v", "0"))
        _said(_manage(env, "import_statements", str(records), "--no-dumps"))
        yield made, env


def test_a_look_while_another_process_writes_leaves_the_work_to_it(
    processes_archive, settings
):
    made, env = processes_archive
    settings.ARCHIVE_DUMPS_DIR = str(made.folder / "dumps")
    with writer_lock(blocking=True) as held:
        assert held
        said = _said(_manage(env, "follow_dumps", "--once"))
        assert said == "another process is writing the dumps.\n"
        assert not (made.folder / "dumps" / "current").exists()
    assert _said(_manage(env, "follow_dumps", "--once")) == "the dumps were written.\n"


def test_two_followers_at_once_write_one_dump(processes_archive):
    made, env = processes_archive
    both = [_manage(env, "follow_dumps", "--once") for _ in range(2)]
    said = sorted(_said(process) for process in both)
    # Whichever came second found the lock taken, or the dump just written.
    assert said[0] in (
        "another process is writing the dumps.\n",
        "public changes wait: the dumps are younger than the interval.\n",
    ), said
    assert said[1] == "the dumps were written.\n", said
    root = made.folder / "dumps"
    written = [p for p in root.iterdir() if p.name not in ("current", "write.lock")]
    assert len(written) == 1
    package = json.loads((made.folder / "dumps/current/datapackage.json").read_text())
    assert package["statements"] == 3


def test_a_writer_asked_to_write_waits_for_the_one_writing(archive):
    """export_dumps (the command, and import_statements) waits for the lock."""
    written = []

    def export() -> None:
        try:
            written.append(export_dumps())
        finally:
            connection.close()  # this thread's own connection

    writer = threading.Thread(target=export)
    with writer_lock(blocking=True):
        writer.start()
        writer.join(timeout=1)
        assert writer.is_alive() and not written
    writer.join(timeout=60)
    assert written and written[0].statements == 3
    assert current_dump().folder == written[0].folder
