"""Two web nodes on loopback, one database: each node's index follows the log.

Node A and node B each have their own data folder (their own Whoosh index),
their own development server on a free 127.0.0.1 port and their own
``follow_index``; they share one database: PostgreSQL when
``ARCHIVE_TEST_POSTGRES_URL`` names a server (a database is made there for
the test and dropped after), else one SQLite file. Changes are made by node
A's processes, as its admin would (a save in a transaction); node B finds
them through its own server's search.
"""

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

# How long a change may take to reach the other node's search (the bound).
REACH_SECONDS = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Database:
    """The database both nodes share, made for this test and removed after it."""

    def __init__(self, folder: Path):
        self.server = os.environ.get("ARCHIVE_TEST_POSTGRES_URL", "")
        self.name = f"archive_nodes_{os.getpid()}"
        if self.server:
            self.execute(f'CREATE DATABASE "{self.name}"')
            self.url = self.server.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.url = f"sqlite:///{folder / 'db.sqlite3'}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        if self.server:
            self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Node:
    """One web node: its data folder, its processes, its server's address."""

    def __init__(self, name: str, folder: Path, database: Database):
        self.name, self.folder = name, folder
        folder.mkdir()
        self.env = {
            **os.environ,
            "ARCHIVE_DATA_DIR": str(folder),
            "ARCHIVE_NODE_NAME": name,
            "DATABASE_URL": database.url,
            "DJANGO_SETTINGS_MODULE": "archive.settings.dev",
        }
        self.port = free_port()
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def start(self, *args: str) -> "Running":
        process = subprocess.Popen(
            [sys.executable, "-u", "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.processes.append(process)
        return Running(process)

    def serve(self) -> None:
        self.start("runserver", f"127.0.0.1:{self.port}", "--noreload")
        wait_until(lambda: self.answers(), 60, f"node {self.name}'s server")

    def answers(self) -> bool:
        try:
            self.found("zqnothing")
        except OSError:
            return False
        return True

    def found(self, word: str) -> int:
        """How many statements this node's search API finds for the word."""
        query = urllib.parse.urlencode({"q": word})
        url = f"http://127.0.0.1:{self.port}/api/v1/search?{query}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)["count"]

    def shell(self, code: str) -> str:
        """What the code prints last, run in this node's settings."""
        return self.manage("shell", "--no-imports", "-c", code).stdout.strip()

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


class Running:
    """A long-running process whose output lines are collected as they come."""

    def __init__(self, process: subprocess.Popen):
        self.process, self.lines = process, []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)


def wait_until(condition, seconds: float, what: str) -> float:
    """Seconds until the condition held; fails after ``seconds``."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, (
            f"{what() if callable(what) else what}: not within {seconds} s"
        )
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nodes")
    database = Database(folder)
    a, b = Node("a", folder / "a", database), Node("b", folder / "b", database)
    try:
        a.manage("migrate", "--noinput")
        for node in (a, b):
            assert "rebuilding" in node.manage("ensure_index").stdout
            node.serve()
        a.start("follow_index")
        follower = b.start("follow_index")
        yield a, b, follower
    finally:
        a.stop()
        b.stop()
        database.drop()


PUBLISH = """
import time
from django.db import transaction
from statements.models import Statement, StatementType
with transaction.atomic():
    kind, _ = StatementType.objects.get_or_create(code="statement")
    s = Statement.objects.create(
        title="{title}", body="نص", type=kind, status="published"
    )
print(s.pk, time.time())
"""

RETRACT = """
import time
from django.db import transaction
from statements.models import Statement
with transaction.atomic():
    s = Statement.objects.get(pk={pk})
    s.status = "retracted"
    s.save()
print(time.time())
"""

POSITION = """
from statements.indexing.lag import index_lag
from statements.models import IndexTask
from django.db.models import Max
print(index_lag().position, IndexTask.objects.aggregate(m=Max("pk"))["m"])
"""


def test_a_statement_published_on_node_a_reaches_node_b_and_a_retraction_both(nodes):
    a, b, _ = nodes
    pk, committed = a.shell(PUBLISH.format(title="بيان عن zqnodesone")).split()
    # Node A's own process applied it to A's index as it committed.
    assert a.found("zqnodesone") == 1
    wait_until(lambda: b.found("zqnodesone") == 1, REACH_SECONDS, "node b")
    seconds = time.time() - float(committed)
    print(f"published on A, found on B {seconds:.2f} s after the commit")
    assert seconds <= REACH_SECONDS
    committed = a.shell(RETRACT.format(pk=pk))
    assert a.found("zqnodesone") == 0
    wait_until(lambda: b.found("zqnodesone") == 0, REACH_SECONDS, "node b")
    seconds = time.time() - float(committed)
    print(f"retracted on A, gone from B {seconds:.2f} s after the commit")
    assert seconds <= REACH_SECONDS


def test_node_b_killed_in_the_middle_of_a_batch_catches_up_after_a_restart(
    nodes, tmp_path
):
    a, b, follower = nodes
    # A clean stop first: SIGTERM ends the loop after its batch.
    follower.process.send_signal(signal.SIGTERM)
    assert follower.process.wait(30) == 0, follower.output()
    assert "follower stopped" in follower.output()
    records = [
        {"title": f"بيان رقم {n} عن zqnodesmany", "body": f"نص البيان {n} عن الرقة"}
        for n in range(300)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    a.manage("import_statements", str(path))
    assert a.found("zqnodesmany") == 300
    # Small batches, and a kill after the third has begun.
    killed = b.start("follow_index", "--batch", "25")
    wait_until(lambda: killed.output().count("applying") >= 3, 60, killed.output)
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait(30)
    position, newest = map(int, b.shell(POSITION).split())
    assert position < newest, "the kill came after the last batch"
    assert b.manage("check_index", check=False).returncode == 1
    # Restarted, it applies what is left; its index equals the database.
    restarted = b.start("follow_index")
    wait_until(lambda: b.manage("check_index", check=False).returncode == 0, 60, "B")
    assert "The index matches the database." in b.manage("check_index").stdout
    assert b.found("zqnodesmany") == 300
    assert "fell behind" not in restarted.output()


DRAFT_AND_CURATOR = """
from django.contrib.auth import get_user_model
from statements.models import Statement, StatementType
kind, _ = StatementType.objects.get_or_create(code="statement")
s = Statement.objects.create(title="بيان عن zqnodesadmin", body="نص", type=kind)
get_user_model().objects.create_superuser("chief", "", "a long pass phrase 41")
print(s.pk)
"""


def admin_session(node: Node) -> tuple[urllib.request.OpenerDirector, str]:
    """Logged in to the node's admin through its login form; the CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{node.port}"
    opener.open(f"{base}/admin/login/", timeout=10).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = {
        "username": "chief",
        "password": "a long pass phrase 41",
        "csrfmiddlewaretoken": token,
        "next": "/admin/",
    }
    data = urllib.parse.urlencode(form).encode()
    opener.open(f"{base}/admin/login/", data, timeout=10).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    return opener, token


def test_a_statement_published_in_node_a_admin_is_found_on_node_b(nodes):
    a, b, _ = nodes
    pk = a.shell(DRAFT_AND_CURATOR)
    opener, token = admin_session(a)
    action = {
        "action": "publish",
        "_selected_action": pk,
        "index": "0",
        "csrfmiddlewaretoken": token,
    }
    data = urllib.parse.urlencode(action).encode()
    url = f"http://127.0.0.1:{a.port}/admin/statements/statement/"
    opener.open(url, data, timeout=30).read()
    published = time.time()
    assert a.found("zqnodesadmin") == 1
    wait_until(lambda: b.found("zqnodesadmin") == 1, REACH_SECONDS, "node b")
    assert time.time() - published <= REACH_SECONDS
