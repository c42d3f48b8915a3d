"""Settings for pytest: a throw-away data folder so tests never touch ``var/``."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Each test run gets its own folder; the per-test index fixture empties it.
DATA_DIR = Path(tempfile.mkdtemp(prefix="archive-test-"))
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "statements.search.backend.ArabicWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh_index"),
    },
}
# The originals in the run's folder too, whatever ARCHIVE_ORIGINALS_DIR says.
STORAGES = {**STORAGES, "originals": originals_storage(DATA_DIR / "originals")}  # noqa: F405
# Fast hashing: tests create users, they do not need to resist brute force.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The tests make their own actors and places (tests/test_gazetteer.py turns it
# on to test it): the session's database would otherwise start with the
# gazetteer and lose it at the first transactional test's flush.
ARCHIVE_GAZETTEER_ON_MIGRATE = False
# The existing tests send many requests from one address: the rate limits
# are off, and tests/test_rate_limits.py turns them on (override_settings).
ARCHIVE_RATE_LIMITS_ENABLED = False
