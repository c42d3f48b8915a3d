"""`make serve`: gunicorn with the production settings, started as an operator would.

The real Makefile target in a subprocess, on a free loopback port, with a
temporary ARCHIVE_DATA_DIR and only the documented environment; then its
pages over HTTP. Setting it up (migrations, the gazetteer, the seed, the
index, the static files) takes about half a minute, once for the module.
"""

import gzip
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240
# What the test runner's own environment would otherwise pass on.
NOT_INHERITED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_environment(data_dir: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WEB_CONCURRENCY="2",
        PYTHON=sys.executable,
    )
    env.update(values)
    return env


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve stopped:\n{log.read_text()[-3000:]}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"make serve did not answer in {START_TIMEOUT} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running `make serve`; yields (base URL, its data folder, its environment)."""
    data_dir = tmp_path_factory.mktemp("serve")
    port = free_port()
    # The dumps follower writes again 2 s after a change, not an hour.
    env = serve_environment(
        data_dir, PORT=str(port), ARCHIVE_DUMPS_INTERVAL_SECONDS="2"
    )
    log = data_dir / "serve.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process, log)
        yield base, data_dir, env
    finally:
        # make and gunicorn (master, workers) are this test's process group.
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_make_serve_answers_the_seed_in_both_languages(server):
    base, _, _ = server
    status, _, body = get(f"{base}/api/v1/statements")
    assert status == 200
    records = json.loads(body)["results"]
    assert records, "the seed was imported"
    for path in ("/", "/en/", "/statements/", f"/statements/{records[0]['id']}/"):
        status, headers, body = get(base + path)
        assert status == 200, path
        assert "text/html" in headers["Content-Type"]
    word = urllib.parse.quote(records[0]["title"].split()[0])
    status, _, body = get(f"{base}/en/search/?q={word}")
    assert status == 200
    assert f"/statements/{records[0]['id']}/".encode() in body


def test_static_files_are_collected_and_served_with_a_long_cache(server):
    base, data_dir, _ = server
    stylesheets = list((data_dir / "staticfiles" / "css").glob("*.*.css"))
    assert stylesheets, "collectstatic wrote fingerprinted files"
    name = stylesheets[0].name
    status, headers, _ = get(f"{base}/static/css/{name}")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]


def test_a_served_node_reports_itself_healthy(server):
    base, _, _ = server
    status, headers, body = get(f"{base}/healthz")
    report = json.loads(body)
    assert status == 200, report
    assert report["documents"] >= 1
    assert "no-store" in headers["Cache-Control"]


def test_a_second_setup_changes_nothing(server):
    base, _, env = server
    _, _, before = get(f"{base}/api/v1/statements")
    again = subprocess.run(
        ["make", "--no-print-directory", "serve-setup"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0 created" in again.stdout
    assert "No migrations to apply" in again.stdout
    _, _, after = get(f"{base}/api/v1/statements")
    assert json.loads(after)["results"] == json.loads(before)["results"]


def test_an_unreachable_database_makes_healthz_answer_503(server):
    base, data_dir, _ = server
    database = data_dir / "db.sqlite3"
    aside = data_dir / "db.sqlite3.aside"
    database.rename(aside)
    # A folder where the file was: SQLite cannot open it, nor create a new one.
    database.mkdir()
    try:
        status, _, body = get(f"{base}/healthz")
        assert status == 503
        assert json.loads(body)["database"] == "error"
    finally:
        database.rmdir()
        aside.rename(database)
    assert get(f"{base}/healthz")[0] == 200


def refusal(tmp_path, command: list[str], **values: str) -> str:
    """What `command` says when it stops; fails the test if it does not stop."""
    env = serve_environment(tmp_path, PORT=str(free_port()), **values)
    for name, value in values.items():
        if value is None:
            env.pop(name)
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0, done.stdout
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY has 9 characters"),
        ({"SECRET_KEY": "dev-only-not-secret"}, "published example key"),
        ({"SECRET_KEY": "ab" * 30}, "too few different characters"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"DEBUG": "1"}, "DEBUG is on"),
    ],
)
def test_make_serve_refuses_a_missing_or_unsafe_setting(tmp_path, values, message):
    said = refusal(tmp_path, ["make", "--no-print-directory", "serve"], **values)
    assert message in said
    assert "Set it to" in said or "set it to" in said or "Unset DEBUG" in said
    # It stopped before migrating anything.
    assert not (tmp_path / "db.sqlite3").exists()


def test_gunicorn_alone_refuses_to_start_without_a_secret_key(tmp_path):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    command = [gunicorn, "-c", "archive/gunicorn.conf.py", "archive.wsgi"]
    said = refusal(tmp_path, command, SECRET_KEY=None)
    assert "SECRET_KEY is not set" in said


def publish_elsewhere(env: dict, title: str, body: str) -> None:
    """Publish a statement from another process (a shell) with this environment."""
    publish = (
        "from statements.models import Statement, StatementType;"
        "kind, _ = StatementType.objects.get_or_create(code='statement');"
        f"Statement.objects.create(title={title!r}, body={body!r},"
        " status='published', type=kind)"
    )
    subprocess.run(
        [str(REPO / ".venv/bin/python"), "manage.py", "shell", "-c", publish],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )


def test_its_follower_indexes_what_another_node_commits(server, tmp_path):
    """`make serve` runs `follow_index` beside gunicorn: a statement another
    node (its own data folder, the same database) publishes is found here."""
    base, data_dir, env = server
    other_node = {
        **env,
        "ARCHIVE_DATA_DIR": str(tmp_path / "other-node"),
        "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
        "ARCHIVE_NODE_NAME": "other-node",
    }
    publish_elsewhere(other_node, "بيان", "كلمة زمردية فريدة")
    query = urllib.parse.quote("زمردية")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        _, _, body = get(f"{base}/api/v1/search?q={query}")
        if json.loads(body)["count"] == 1:
            return
        time.sleep(0.25)
    pytest.fail("this node's index did not follow the other node's change in 5 s")


def test_its_dumps_follower_writes_what_another_process_publishes(server):
    """`make serve` runs `follow_dumps` beside gunicorn: a statement published
    by another process (the admin's, a shell's) reaches /data/'s dump."""
    base, _, env = server
    publish_elsewhere(env, "بيان للنسخة العامة", "نص")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, _, body = get(f"{base}/data/statements.jsonl.gz")
        if status == 200 and "بيان للنسخة العامة" in gzip.decompress(body).decode():
            _, _, page = get(f"{base}/en/data/")
            assert b"No public change has been recorded since then" in page
            return
        time.sleep(0.5)
    pytest.fail("the dumps did not follow the change in 30 s")
