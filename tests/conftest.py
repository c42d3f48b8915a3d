"""Shared fixtures: every test gets its own empty Whoosh index in a temporary folder."""

import shutil
import tempfile

import pytest
from django.conf import settings
from django.utils import translation
from haystack import connections


def pytest_sessionfinish(session, exitstatus):
    """Remove the run's data folder (archive.settings.test makes one per run)."""
    if str(settings.DATA_DIR).startswith(tempfile.gettempdir()):
        shutil.rmtree(settings.DATA_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def search_index(tmp_path, settings):
    """A real, empty Whoosh index for this test only.

    Haystack reads its connection settings once, at import; pointing the
    connection at a new folder and reloading it is how a test gets a fresh index.
    """
    info = connections.connections_info["default"]
    previous = info["PATH"]
    info["PATH"] = str(tmp_path / "whoosh_index")
    connections.reload("default")
    yield connections["default"].get_backend()
    info["PATH"] = previous
    connections.reload("default")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Arabic: a request under /en/ leaves its thread in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
