"""Several processes write at once; afterwards the index equals the database exactly.

Each test builds its own archive (a database of its own, ``tests/archive_database.py``,
and a Whoosh index in a temporary folder) through real processes
(``tests/outbox_worker.py``): other processes cannot see pytest's own
database. On SQLite and on PostgreSQL alike. The assertions hold whatever
order the processes happened to run in.
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from whoosh import index as whoosh_index
from whoosh import query as wq

from statements.search.analyzers import ArabicAnalyzer
from tests.archive_database import ArchiveDatabase, archive_database

ERRORS = ("database is locked", "LockError", "Traceback", "Error")
MARKER = re.compile(r"zq\w+")


def environment(archive: ArchiveDatabase) -> dict[str, str]:
    return {
        **os.environ,
        **archive.environment(),
        "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
    }


def worker(archive: ArchiveDatabase, role: str, *args) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.outbox_worker", role, str(archive.folder)]
    return subprocess.Popen(
        [*command, *map(str, args)],
        cwd=settings.BASE_DIR,
        env=environment(archive),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    """Exit code and output of a process, which must end within two minutes."""
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"a process ran for more than two minutes:\n{out}{err}")
    return process.returncode, out + err


@pytest.fixture
def spawn():
    """Starts workers (see ``worker``); kills any still running at the end."""
    started = []

    def start(archive: ArchiveDatabase, role: str, *args) -> subprocess.Popen:
        started.append(worker(archive, role, *args))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def manage(archive: ArchiveDatabase, *args: str) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment(archive),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return finished(process)


def records(prefix: str, keys: list[str]) -> list[dict]:
    """One record per key; the title holds a marker found nowhere else."""
    return [
        {
            "external_id": key,
            "title": f"بيان عن الرقة zq{prefix}x{n}",
            "body": f"نص البيان {prefix} رقم {n} عن قصف في الحسكة",
            "issuer": ["قوات سوريا الديمقراطية", "الجيش الوطني"][n % 2],
            "actors": ["وحدات حماية الشعب"] if n % 3 else [],
            "places": ["الرقة", "منبج"][: n % 3],
            "tags": ["قصف"] if n % 2 else ["بيان", "هدنة"],
        }
        for n, key in enumerate(keys)
    ]


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in items))
    return path


@pytest.fixture
def archive(tmp_path):
    """The folder and the database of the processes' archive."""
    with archive_database(tmp_path) as made:
        yield made


def new_archive(archive: ArchiveDatabase, count: int) -> None:
    keys = [f"s{n}" for n in range(count)]
    base = write_jsonl(archive.folder / "base.jsonl", records("base", keys))
    code, output = finished(worker(archive, "setup", base))
    assert code == 0, output


def published_titles(archive: ArchiveDatabase) -> dict[int, str]:
    return dict(
        archive.rows(
            "SELECT id, title FROM statements_statement WHERE status = 'published'"
        )
    )


def statuses(archive: ArchiveDatabase) -> dict[str, int]:
    return dict(
        archive.rows(
            "SELECT status, count(*) FROM statements_statement GROUP BY status"
        )
    )


def waiting_tasks(archive: ArchiveDatabase) -> int:
    return archive.rows("SELECT count(*) FROM statements_indextask")[0][0]


def documents(
    archive: ArchiveDatabase, markers: set[str]
) -> tuple[list[int], dict[str, set[int]]]:
    """Every document's statement id, and the statements whose title has each marker."""
    ix = whoosh_index.open_dir(archive.folder / "whoosh_index")
    analyzer = ArabicAnalyzer()
    with ix.searcher() as searcher:
        ids = [int(f["django_id"]) for f in searcher.reader().all_stored_fields()]
        found = {}
        for marker in markers:
            (term,) = [t.text for t in analyzer(marker)]
            hits = searcher.search(wq.Term("title", term), limit=None)
            found[marker] = {int(hit["django_id"]) for hit in hits}
    return ids, found


def drains(outputs: list[str]) -> str:
    """What the workers' drains did (shown with ``pytest -s``)."""
    found = re.findall(r"outbox: drained (\d+) tasks", "".join(outputs))
    drained = [int(n) for n in found]
    busy = sum(o.count("index lock held elsewhere") for o in outputs)
    return (
        f"{len(drained)} drains indexed {sum(drained)} tasks "
        f"(largest {max(drained, default=0)}); {busy} times the lock was busy"
    )


def start_together(processes: list[subprocess.Popen], folder: Path) -> None:
    """Let the workers go once all of them have started Django."""
    deadline = time.monotonic() + 60
    ready = folder / "ready"
    while not ready.exists() or len(list(ready.iterdir())) < len(processes):
        assert time.monotonic() < deadline, "the workers did not start"
        for process in processes:
            if process.poll() is not None:
                code, output = finished(process)
                raise AssertionError(f"a worker ended early ({code}):\n{output}")
        time.sleep(0.05)
    (folder / "go").touch()


def test_concurrent_edits_imports_status_changes_and_deletes_leave_the_index_equal(
    archive, spawn
):
    keys = [f"s{n}" for n in range(40)]
    new_archive(archive, len(keys))
    new_a, new_b = [f"a{n}" for n in range(10)], [f"b{n}" for n in range(10)]
    files = {
        # The two importers update overlapping statements and create the
        # same new ones (first one wins, the other updates it).
        "a1": keys[:15] + new_a,
        "a2": new_b,
        "b1": keys[10:25] + new_b,
        "b2": new_a,
    }
    paths = {
        name: write_jsonl(archive.folder / f"{name}.jsonl", records(name, names))
        for name, names in files.items()
    }
    processes = [
        spawn(archive, "importer", paths["a1"], paths["a2"]),
        spawn(archive, "importer", paths["b1"], paths["b2"]),
        spawn(archive, "editor", 1, 25),
        spawn(archive, "editor", 2, 25),
        spawn(archive, "flipper", 30),
        spawn(archive, "deleter", 8),
    ]
    started = time.monotonic()
    start_together(processes, archive.folder)
    results = [finished(p) for p in processes]
    seconds = time.monotonic() - started
    print(f"writers done in {seconds:.1f} s;", drains([o for _, o in results]))
    print("statements by status afterwards:", statuses(archive))

    for code, output in results:
        assert code == 0, output
        assert not [e for e in ERRORS if e in output], output
    # Every committed task was drained by the processes themselves.
    assert waiting_tasks(archive) == 0
    titles = published_titles(archive)
    written = {
        f"zq{name}x{n}" for name, names in files.items() for n in range(len(names))
    }
    written |= {f"zqbasex{n}" for n in range(len(keys))}
    written |= {f"zqe{e}x{n}" for e in (1, 2) for n in range(25)}
    ids, found = documents(archive, written)
    assert sorted(ids) == sorted(titles)
    current = {MARKER.search(title).group(): pk for pk, title in titles.items()}
    for marker in written:
        # The title as the database has it now, and no earlier version.
        assert found[marker] == ({current[marker]} if marker in current else set())
    code, output = manage(archive, "check_index")
    assert code == 0, output
    assert "The index matches the database." in output


def wait_for(path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, finished(process)[1]
        assert time.monotonic() < deadline, f"no {path.name} after 60 s"
        time.sleep(0.05)


def test_tasks_left_by_a_crash_or_a_busy_lock_are_drained_by_the_next_lock_holder(
    archive, spawn
):
    new_archive(archive, 3)
    # A process dies between its commit and its drain: check_index sees it.
    code, output = finished(worker(archive, "crash"))
    assert (code, waiting_tasks(archive)) == (0, 1)
    code, output = manage(archive, "check_index")
    assert code == 1
    assert "1 in the index with other content than the database" in output
    assert "1 index log entries waiting" in output
    # Another process holds the index lock: an edit does not wait for it...
    holding = spawn(archive, "holder")
    wait_for(archive.folder / "held", holding)
    code, output = finished(worker(archive, "edit"))
    assert (code, waiting_tasks(archive)) == (0, 2), output
    # ...the holder, once it lets go, drains the edit and the crash's task.
    (archive.folder / "release").touch()
    code, output = finished(holding)
    assert (code, waiting_tasks(archive)) == (0, 0), output
    ids, found = documents(archive, {"zqcrash", "zqedit", "zqbasex0", "zqbasex1"})
    first, second, _ = sorted(ids)
    assert found == {
        "zqcrash": {first},
        "zqedit": {second},
        "zqbasex0": set(),
        "zqbasex1": set(),
    }
    code, output = manage(archive, "check_index")
    assert code == 0, output
