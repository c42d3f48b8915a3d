"""Shared fixtures: every test gets its own empty Whoosh index in a temporary folder."""

import shutil
import subprocess
import tempfile

import pytest
from django.conf import settings
from django.utils import translation
from haystack import connections

from tests.browser.axe import axe_version
from tests.browser.chromium import (
    browser_required,
    chromium_path,
    missing_chromium_reason,
)


def pytest_sessionfinish(session, exitstatus):
    """Remove the run's data folder (archive.settings.test makes one per run)."""
    if str(settings.DATA_DIR).startswith(tempfile.gettempdir()):
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)


def pytest_report_header(config):
    """Say up front which Chromium the browser tests drive, or why they will not run.

    Here rather than in tests/browser/conftest.py: pytest asks only the
    conftest files it loads before collecting, and that one is not among them.
    """
    path = chromium_path()
    if not path.exists():
        outcome = "FAIL" if browser_required() else "are skipped"
        return f"browser tests {outcome}: {missing_chromium_reason(path)}"
    version = subprocess.run(
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"browser tests: {version or path}, axe-core {axe_version()}"


@pytest.fixture(autouse=True)
def search_index(tmp_path_factory, settings):
    """A real, empty Whoosh index for this test only.

    Haystack reads its connection settings once, at import; pointing the
    connection at a new folder and reloading it is how a test gets a fresh index.
    It is created here, as ``ensure_index`` creates a site's: a search never
    creates one (a deleted index is ``IndexUnreadable``, statements/search/engine.py).
    In a folder of its own, beside the test's ``tmp_path``, which it leaves empty.
    """
    info = connections.connections_info["default"]
    previous = info["PATH"]
    info["PATH"] = str(tmp_path_factory.mktemp("index") / "whoosh_index")
    connections.reload("default")
    connections["default"].get_backend().setup()
    yield connections["default"].get_backend()
    info["PATH"] = previous
    connections.reload("default")


@pytest.fixture
def originals_dir(settings, tmp_path):
    """This test's own storage of original bytes (statements.ingest.originals),
    empty at the start."""
    folder = tmp_path / "originals"
    settings.STORAGES = {
        **settings.STORAGES,
        "originals": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Arabic: a request under /en/ leaves its thread in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
