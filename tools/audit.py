"""`make lint`'s audit: known vulnerabilities of the installed packages (pip-audit).

pip-audit asks a vulnerability database about each installed package. Where
none can be reached, it misleads either way: against OSV it stops with a
traceback (a lint failing because the network is down), and against PyPI's
JSON API answering 404 (as from a machine that reaches only the package
index) it reports "No known vulnerabilities found" having audited nothing.
So this wrapper asks each database first, with one small query; when none
answers it says so and passes; otherwise it runs pip-audit against the first
that did, fails on any vulnerability found, and never calls an audit of no
package clean.

    python tools/audit.py               # PyPI's database, else OSV's
    ARCHIVE_AUDIT_OSV_URL=… python tools/audit.py   # an OSV API (a mirror)
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

# pip-audit asks for a given version; a machine may reach the package's page
# (/pypi/pip/json) but not this one.
PYPI_PROBE = "https://pypi.org/pypi/pip/24.0/json"
OSV_URL = "https://api.osv.dev/v1/query"
TIMEOUT = 10  # seconds, for the probe and for each of pip-audit's queries
# An error of pip-audit's that means the database went away mid-run.
NETWORK_ERRORS = ("ConnectionError", "ConnectTimeout", "Could not connect", "timed out")


def answers(request: urllib.request.Request, key: str) -> str:
    """Why ``request`` gets no JSON answer (with ``key``, if given); "" if it does."""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (OSError, ValueError) as error:
        return str(getattr(error, "reason", error))
    if not isinstance(body, dict) or (key and key not in body):
        return "an answer that is not its API's"
    return ""


def osv_request(url: str) -> urllib.request.Request:
    query = {"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "1.0"}
    return urllib.request.Request(
        url,
        data=json.dumps(query).encode(),
        headers={"Content-Type": "application/json"},
    )


def reachable_service() -> tuple[list[str], list[str]]:
    """pip-audit's arguments for the first database that answers (empty if
    none does), and why each one asked did not."""
    candidates = []
    if osv := os.environ.get("ARCHIVE_AUDIT_OSV_URL"):
        candidates.append((f"OSV at {osv}", osv_request(osv), "", osv))
    else:
        pypi = urllib.request.Request(PYPI_PROBE)
        candidates.append(("PyPI's JSON API", pypi, "vulnerabilities", None))
        candidates.append(("OSV", osv_request(OSV_URL), "", OSV_URL))
    failures = []
    for name, request, key, osv_url in candidates:
        if problem := answers(request, key):
            failures.append(f"{name}: {problem}")
        elif osv_url:
            return ["--vulnerability-service", "osv", "--osv-url", osv_url], failures
        else:
            return ["--vulnerability-service", "pypi"], failures
    return [], failures


def run_pip_audit(service: list[str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as cache:
        options = ["--format", "json", "--skip-editable", "--progress-spinner", "off"]
        limits = ["--timeout", str(TIMEOUT), "--cache-dir", cache]
        return subprocess.run(
            [sys.executable, "-m", "pip_audit", *service, *options, *limits],
            capture_output=True,
            text=True,
            check=False,
        )


def verdict(report: dict) -> tuple[int, list[str]]:
    """The exit status and the lines to print for pip-audit's JSON report."""
    packages = report.get("dependencies", [])
    audited = [p for p in packages if "skip_reason" not in p]
    found = [(p, v) for p in audited for v in p.get("vulns", [])]
    lines = [
        f"VULNERABLE {p['name']} {p['version']}: {v['id']} "
        f"(fixed in {', '.join(v.get('fix_versions', [])) or 'no release yet'})"
        for p, v in found
    ]
    if found:
        return 1, [*lines, f"pip-audit: {len(found)} known vulnerabilities."]
    if not audited:
        return 0, [
            f"pip-audit: none of {len(packages)} packages could be audited "
            "(the database did not know them): NO AUDIT DONE."
        ]
    skipped = len(packages) - len(audited)
    note = f" ({skipped} not audited)" if skipped else ""
    return 0, [f"pip-audit: no known vulnerabilities in {len(audited)} packages{note}."]


def main() -> int:
    service, failures = reachable_service()
    if not service:
        print("pip-audit: no vulnerability database is reachable from here, so no")
        print("audit was done (" + "; ".join(failures) + ").")
        return 0
    result = run_pip_audit(service)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        if any(error in result.stderr for error in NETWORK_ERRORS):
            print("pip-audit: the vulnerability database stopped answering during")
            print("the audit, which is incomplete: NO AUDIT DONE.")
            return 0
        print(result.stderr, file=sys.stderr)
        return result.returncode or 1
    status, lines = verdict(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
