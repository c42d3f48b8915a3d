"""`make lint`'s audit (tools/audit.py): a vulnerability found fails it, a
database out of reach is said and passes, an audit of nothing is never clean.

The real databases (PyPI's JSON API, OSV) are not reachable from every
machine the tests run on, so the audit is pointed at a small server on the
loopback that speaks OSV's query API (``--osv-url``); pip-audit itself runs
for real, over this environment's installed packages.
"""

import importlib.util
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parent.parent / "tools" / "audit.py"
ADVISORY = "TEST-2026-0001"


def osv_server(vulnerable: str | None, status: int = 200):
    """An OSV-like API: ``vulnerable`` (a package name) has one advisory."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name = query["package"]["name"]
            body = {}
            if name == vulnerable:
                body = {"vulns": [advisory(name)]}
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def advisory(name: str) -> dict:
    events = [{"introduced": "0"}, {"fixed": "999.0"}]
    return {
        "id": ADVISORY,
        "summary": "A test advisory",
        "affected": [
            {
                "package": {"name": name, "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": events}],
            }
        ],
    }


def audit(osv_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(AUDIT)],
        env={**os.environ, "ARCHIVE_AUDIT_OSV_URL": osv_url},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def server(request):
    server = osv_server(*request.param)
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()


@pytest.mark.parametrize("server", [("django",)], indirect=True)
def test_a_known_vulnerability_fails_the_audit(server):
    result = audit(server)
    assert result.returncode == 1, result.stderr
    assert "VULNERABLE django" in result.stdout
    assert ADVISORY in result.stdout and "fixed in 999.0" in result.stdout


@pytest.mark.parametrize("server", [(None,)], indirect=True)
def test_no_known_vulnerability_passes_and_counts_the_packages(server):
    result = audit(server)
    assert result.returncode == 0, result.stderr
    assert "no known vulnerabilities in" in result.stdout
    audited = int(result.stdout.split("no known vulnerabilities in ")[1].split()[0])
    assert audited > 20  # Django, haystack, whoosh… were asked about


@pytest.mark.parametrize("server", [(None, 503)], indirect=True)
def test_a_database_that_does_not_answer_is_said_and_passes(server):
    result = audit(server)
    assert result.returncode == 0
    assert "no vulnerability database is reachable" in result.stdout
    assert "HTTP 503" in result.stdout


def test_a_database_out_of_reach_is_said_and_passes():
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as closed:
        port = closed.server_address[1]  # closed again on leaving: nobody listens
    result = audit(f"http://127.0.0.1:{port}/v1/query")
    assert result.returncode == 0
    assert "no vulnerability database is reachable" in result.stdout
    assert "Connection refused" in result.stdout
    assert not result.stderr  # said, not a traceback


def load_audit():
    spec = importlib.util.spec_from_file_location("audit", AUDIT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_audit_in_which_no_package_was_known_is_not_called_clean():
    """What pip-audit reports when the database answers 404 for every
    package (PyPI's JSON API from a machine that reaches only the index)."""
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI"},
            {"name": "whitenoise", "skip_reason": "Dependency not found on PyPI"},
        ],
        "fixes": [],
    }
    status, lines = load_audit().verdict(report)
    assert status == 0
    assert lines == [
        "pip-audit: none of 2 packages could be audited "
        "(the database did not know them): NO AUDIT DONE."
    ]
