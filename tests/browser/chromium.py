"""Where the browser tests find Debian's Chromium, and how they launch it here.

Playwright's own browser download is not reachable from this network, so the
tests drive the ``chromium`` Debian package (``make test`` installs it as root).
"""

import os
from pathlib import Path

# Headless as root on a machine with no network but the app: no sandbox (root),
# no GPU, and none of the background traffic Chromium starts on its own
# (component updates, sync, QUIC probes), which would wait on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    """The browser to drive: ``ARCHIVE_CHROMIUM`` if set, else Debian's Chromium."""
    return Path(os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium"))


def browser_required() -> bool:
    """Whether a missing browser fails the run (``.ci/run`` sets it) or skips it."""
    value = os.environ.get("ARCHIVE_REQUIRE_BROWSER", "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


def missing_chromium_reason(path: Path) -> str:
    return (
        f"no Chromium at {path}: apt-get install chromium (`make test` does it "
        "as root), or set ARCHIVE_CHROMIUM to another Chromium"
    )
