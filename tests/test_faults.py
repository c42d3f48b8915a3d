"""Faults: an importer killed mid-file, an index deleted or damaged while serving.

The importer tests run ``manage.py import_statements`` in real processes, each
archive (SQLite file, Whoosh index, originals) in its own temporary folder:
pytest's own database lives in memory, where other processes cannot see it.
The kill points come from a seeded random generator, so a failure can be
replayed; what is asserted holds wherever the kills land.
"""

import hashlib
import io
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

WORDS = [
    "قصف",
    "الرقة",
    "الحسكة",
    "منبج",
    "هدنة",
    "اشتباك",
    "قوات",
    "الجيش",
    "وحدات",
    "بيان",
    "مقاتلين",
    "مدنيين",
    "قرية",
    "طريق",
    "جسر",
    "مدرسة",
    "مستشفى",
    "اتفاق",
    "انسحاب",
    "هجوم",
]
# Several files: the import is one transaction per file, so a kill lands
# after some files are committed (and maybe indexed) and inside another.
FILES = 4
RECORDS_PER_FILE = 600
KILLS = 3


def environment(folder: Path) -> dict[str, str]:
    """The archive in ``folder``, on its own SQLite file whatever database the
    test run uses: the test reads that file back (``archive_state``)."""
    inherited = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {
        **inherited,
        "ARCHIVE_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
    }


def start_manage(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def manage(folder: Path, *args: str) -> tuple[int, str]:
    process = start_manage(folder, *args)
    out, _ = process.communicate(timeout=180)
    return process.returncode, out


def write_files(folder: Path, files: int = FILES, prefix: str = "k") -> list[Path]:
    """.jsonl files of RECORDS_PER_FILE distinct records each (their bodies
    differ enough not to be near-duplicates of each other)."""
    rng = random.Random(f"{prefix}14")
    paths = []
    for f in range(files):
        lines = [
            json.dumps(
                {
                    "external_id": f"{prefix}{f}-{n}",
                    "title": f"بيان {f}-{n} {rng.choice(WORDS)}",
                    "body": " ".join(rng.choices(WORDS, k=40)) + f" رقم {f}-{n}",
                    "issuer": rng.choice(["قوات سوريا الديمقراطية", "الجيش الوطني"]),
                    "tags": [rng.choice(["قصف", "هدنة"])],
                    "date": f"2020-0{1 + n % 9}-1{n % 9}",
                },
                ensure_ascii=False,
            )
            for n in range(RECORDS_PER_FILE)
        ]
        paths.append(folder / f"{prefix}{f}.jsonl")
        paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def file_hashes(paths: list[Path]) -> set[str]:
    """The SHA-256 of each record's body, as the archive keeps it (UTF-8)."""
    return {
        hashlib.sha256(json.loads(line)["body"].encode()).hexdigest()
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def archive_state(folder: Path) -> dict:
    """What an import leaves in the database: the statements' hashes and the
    row count of every table whose rows an import writes."""
    with sqlite3.connect(folder / "db.sqlite3") as db:
        hashes = [
            row[0] for row in db.execute("SELECT sha256 FROM statements_statement")
        ]
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE "
                "'statements_%'"
            )
        ]
        counts = {
            t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables
        }
    # The index log and its nodes' positions record what happened, kills
    # included: they are compared through check_index instead.
    for table in ("statements_indextask", "statements_indexnode"):
        counts.pop(table, None)
    return {"hashes": hashes, "counts": counts}


def new_archive(template: Path, folder: Path) -> Path:
    """A migrated, empty archive in ``folder`` (a copy of ``template``'s database:
    migrate loads the gazetteer, which takes seconds)."""
    folder.mkdir()
    shutil.copy(template / "db.sqlite3", folder / "db.sqlite3")
    return folder


def killed_after(folder: Path, command: tuple[str, ...], seconds: float) -> int:
    """Start ``command``, SIGKILL it after ``seconds``; its exit code (0 if it
    finished first)."""
    process = start_manage(folder, *command)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    return process.returncode


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A migrated archive, copied by each test (``new_archive``)."""
    folder = tmp_path_factory.mktemp("template")
    code, out = manage(folder, "migrate", "--verbosity", "0")
    assert code == 0, out
    return folder


def test_an_import_killed_at_random_points_then_rerun_leaves_what_a_clean_import_does(
    tmp_path, template
):
    files = write_files(tmp_path)
    command = ("import_statements", *map(str, files))

    clean = new_archive(template, tmp_path / "clean")
    started = time.monotonic()
    code, out = manage(clean, *command)
    duration = time.monotonic() - started
    assert code == 0, out

    killed = new_archive(template, tmp_path / "killed")
    rng = random.Random(1414)
    # Latest first: each run has less left to do than the one before it.
    kill_points = sorted(
        (rng.uniform(0.2, duration) for _ in range(KILLS)), reverse=True
    )
    outcomes = []
    for point in kill_points:
        code = killed_after(killed, command, point)
        outcomes.append((code, len(archive_state(killed)["hashes"])))
    # One transaction per file: a kill leaves whole files, never part of one.
    assert all(count % RECORDS_PER_FILE == 0 for _, count in outcomes), outcomes
    # A kill landed after some file was committed, so the re-runs had
    # committed files to match again (kill points scale with the measured run).
    assert any(code == -signal.SIGKILL and n > 0 for code, n in outcomes), outcomes
    code, out = manage(killed, *command)
    assert code == 0, out

    expected = archive_state(clean)
    found = archive_state(killed)
    assert len(found["hashes"]) == FILES * RECORDS_PER_FILE
    assert set(found["hashes"]) == file_hashes(files)
    assert found["counts"] == expected["counts"]
    code, out = manage(killed, "check_index")
    assert code == 0, f"kills at {kill_points}:\n{out}"
    assert f"{FILES * RECORDS_PER_FILE} documents in the index" in out


# ------------------------------------------------- the index deleted or damaged

# Queries whose results must be the same before the damage and after the repair.
QUERIES = [
    "الرقة",
    "سجون",
    "قسد",
    "ceasefire",
    "وقف إطلاق النار",
    "Raqqa",
    "issuer:قسد",
]
# Pages that need the index: 503 while it cannot be read. Browse with a
# filter is a search; without one it is a list (tests/test_index_fallback.py).
NEEDS_INDEX = ["/search/?q=الرقة", "/en/search/?q=Raqqa", "/statements/?tag=سجون"]
# Lists that the database serves meanwhile, with a notice: each url, and
# the archive's item it shows.
FROM_DATABASE = {
    "/": "prisons",
    "/statements/": "prisons",
    "/en/archive/2020/": "prisons",
    "/actors/": "sdf",
}


def search_results(client) -> dict[str, list[str]]:
    """Each query's results through the API, in order."""
    results = {}
    for query in QUERIES:
        response = client.get("/api/v1/search", {"q": query})
        assert response.status_code == 200, (query, response.content)
        found = response.json()["results"]
        results[query] = [(hit["url"], hit["score"]) for hit in found]
    return results


def served_archive(client) -> tuple[dict, dict]:
    """The small archive, indexed, with each query's results read once (so the
    site has its index open, as a running one does)."""
    from statements.models import IndexTask
    from tests.factories import indexed, small_archive

    archive = small_archive()
    indexed(archive["prisons"], archive["ceasefire"], archive["truce"])
    IndexTask.objects.all().delete()
    before = search_results(client)
    assert any(before.values()), before
    return archive, before


def assert_unavailable(client, archive) -> None:
    for url in NEEDS_INDEX:
        response = client.get(url)
        assert response.status_code == 503, url
        assert int(response["Retry-After"]) > 0
        assert "no-cache" in response["Cache-Control"]
    english = client.get("/en/search/?q=Raqqa").content.decode()
    assert "Search is unavailable for a while" in english
    assert "البحث غير متاح لبعض الوقت" in client.get("/search/?q=x").content.decode()
    api = client.get("/api/v1/search", {"q": "الرقة"})
    assert api.status_code == 503
    assert int(api["Retry-After"]) > 0
    assert "unavailable" in api.json()["error"]
    # What the database alone serves goes on working.
    assert client.get(archive["prisons"].get_absolute_url()).status_code == 200
    for url, shown in FROM_DATABASE.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert str(archive[shown]) in response.content.decode(), url
        assert "no-cache" in response["Cache-Control"], url
    assert client.get("/api/v1/statements").status_code == 200


def check_index_refuses() -> str:
    from django.core.management import CommandError, call_command

    try:
        call_command("check_index", stdout=io.StringIO())
    except CommandError as exc:
        return str(exc)
    raise AssertionError("check_index accepted an index it cannot read")


@pytest.mark.django_db
def test_a_deleted_index_answers_503_until_ensure_index_rebuilds_the_same_results(
    client, search_index
):
    from django.core.management import call_command

    archive, before = served_archive(client)
    shutil.rmtree(search_index.path)

    assert_unavailable(client, archive)
    assert "cannot be read" in check_index_refuses()

    call_command("ensure_index", stdout=io.StringIO())
    assert search_results(client) == before
    call_command("check_index", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_damaged_index_answers_503_until_rebuild_index_rebuilds_the_same_results(
    client, search_index
):
    """A newer table of contents cut short: the site's open searcher sees the
    index changed, and cannot open it again."""
    from django.core.management import call_command

    archive, before = served_archive(client)
    folder = Path(search_index.path)
    (toc,) = folder.glob("_MAIN_*.toc")
    generation = int(toc.stem.rsplit("_", 1)[1])
    toc.rename(folder / f"_MAIN_{generation + 1}.toc")
    newer = folder / f"_MAIN_{generation + 1}.toc"
    newer.write_bytes(newer.read_bytes()[:40])

    assert_unavailable(client, archive)
    assert "cannot be read" in check_index_refuses()

    call_command("rebuild_index", "--noinput", stdout=io.StringIO())
    assert search_results(client) == before
    call_command("check_index", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_after_the_index_was_deleted_rebuilds_it_whole(
    client, search_index
):
    """Not an index created empty that holds only the change: the drain after
    the commit finds the index gone and builds it from the database."""
    from django.core.management import call_command

    from statements.indexing.outbox import drain_outbox

    archive, _ = served_archive(client)
    drain_outbox()  # this node's place in the log, and every statement indexed
    everything = search_results(client)
    shutil.rmtree(search_index.path)

    archive["truce"].save()  # its log entry is drained after the commit

    found = search_results(client)
    assert found.keys() == everything.keys()
    for query, hits in everything.items():
        assert [url for url, _ in found[query]] == [url for url, _ in hits]
    call_command("check_index", stdout=io.StringIO())
    # The scores are a fresh index's (the deleted one had replaced documents).
    call_command("rebuild_index", "--noinput", stdout=io.StringIO())
    assert search_results(client) == found


# ------------------------------------------------------------ a full disk


def file_size_limit(limit: int):
    """For ``preexec_fn``: files may not grow past ``limit`` bytes, and writing
    past it fails with EFBIG (File too large) instead of killing the process,
    as a full disk fails with ENOSPC."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def test_an_import_on_a_full_disk_fails_clearly_and_leaves_the_archive_as_it_was(
    tmp_path, template
):
    archive = new_archive(template, tmp_path / "archive")
    (first,) = write_files(tmp_path, files=1, prefix="a")
    (second,) = write_files(tmp_path, files=1, prefix="b")
    assert manage(archive, "import_statements", str(first))[0] == 0
    with sqlite3.connect(archive / "db.sqlite3") as db:
        # Everything in the database file: the limited run writes only its own.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = archive_state(archive)

    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_statements", str(second)],
        cwd=settings.BASE_DIR,
        env=environment(archive),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=file_size_limit(256 * 1024),
    )
    out, _ = process.communicate(timeout=120)

    assert process.returncode != 0
    assert f"The import stopped at {second}" in out
    assert "Nothing of this file was stored" in out
    assert "Traceback" not in out
    assert archive_state(archive) == before
    code, checked = manage(archive, "check_index")
    assert code == 0, checked
    # With room again, the same import stores the file.
    assert manage(archive, "import_statements", str(second))[0] == 0
    assert len(archive_state(archive)["hashes"]) == 2 * RECORDS_PER_FILE
