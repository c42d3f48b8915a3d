"""Settings for a public deployment (``make serve``, docs/deploy.md).

Debug off, a real secret key and the served host names required: a missing or
unsafe value stops the process at start-up with what to set, rather than
serving a site whose sessions can be forged or that answers for any host.
``ARCHIVE_HTTPS=1`` turns on everything a site served over HTTPS behind a
reverse proxy needs (redirects, HSTS, the proxy's scheme header, trusted
origins for forms).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, SECRET_KEY, env_bool

# Django's own test of a weak key (check security.W009): shorter than 50
# characters, fewer than 5 different ones, or the prefix of startproject's keys.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_CHARACTERS = 5
# Keys of this repository's other settings: public, so never a real secret.
PUBLIC_KEYS = {"dev-only-not-secret", "test-only-not-secret"}
NEW_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_problem(key: str) -> str:
    """Why ``key`` cannot sign a public site's sessions, or "" when it can."""
    if not key:
        return "SECRET_KEY is not set"
    if key in PUBLIC_KEYS or key.startswith("django-insecure"):
        return "SECRET_KEY is a published example key"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"SECRET_KEY has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
        )
    if len(set(key)) < SECRET_KEY_MIN_CHARACTERS:
        return "SECRET_KEY repeats too few different characters"
    return ""


def deployment_problems(debug: bool, key: str, hosts: list[str]) -> list[str]:
    """Each unsafe or missing setting, with what to set instead."""
    problems = []
    if debug:
        problems.append(
            "DEBUG is on: a public site would show its code and settings on "
            "every error. Unset DEBUG (or set DEBUG=0)."
        )
    if problem := secret_key_problem(key):
        problems.append(f"{problem}. Set it to a long random string: {NEW_KEY}")
    if not hosts:
        problems.append(
            "ALLOWED_HOSTS is empty: set it to the site's host names, "
            "comma-separated (ALLOWED_HOSTS=archive.example.org)."
        )
    return problems


if _problems := deployment_problems(DEBUG, SECRET_KEY, ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "The production settings refuse to start:\n- " + "\n- ".join(_problems)
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Neither cookie is for scripts: no script of the archive or the admin reads
# them, so one injected into a page cannot either.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# One switch for a site served over HTTPS by a reverse proxy (docs/deploy.md):
# the proxy terminates TLS and says so in X-Forwarded-Proto, which it must
# set itself (never pass on the client's): otherwise a client could claim
# HTTPS over plain HTTP.
ARCHIVE_HTTPS = env_bool("ARCHIVE_HTTPS", False)
if ARCHIVE_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # A load balancer probes each node directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Browsers keep to HTTPS for this long once they have seen the header;
    # a year by default, lower it while trying HTTPS out.
    SECURE_HSTS_SECONDS = int(os.environ.get("ARCHIVE_HSTS_SECONDS", 31_536_000))
    # On by default: the header of archive.example.org covers only its own
    # subdomains (*.archive.example.org), never example.org's other hosts.
    # Turn it off only when the archive is served at a domain's apex whose
    # other subdomains are not all HTTPS (check --deploy then warns, W005).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ARCHIVE_HSTS_SUBDOMAINS", True)
    # Preloading is asked of hstspreload.org for a whole registered domain
    # (never a subdomain such as archive.example.org), by its owner, and takes
    # months to undo: a decision for the domain, not for the archive. Off
    # unless asked for (ARCHIVE_HSTS_PRELOAD=1); check --deploy's reminder of
    # it (W021) is silenced while off: it is the domain owner's to act on.
    SECURE_HSTS_PRELOAD = env_bool("ARCHIVE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # The admin's forms posted from the site's own HTTPS origins.
    # (".example.org" in ALLOWED_HOSTS is every subdomain: "https://*.example.org").
    CSRF_TRUSTED_ORIGINS = [
        f"https://*{host}" if host.startswith(".") else f"https://{host}"
        for host in ALLOWED_HOSTS
        if host != "*"
    ]

STATIC_ROOT = DATA_DIR / "staticfiles"  # noqa: F405
# Fingerprinted, compressed static files (run ``manage.py collectstatic``):
# WhiteNoise serves them with a year's caching, since a change renames them.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    "originals": ORIGINALS_STORAGE,  # noqa: F405
}

# Errors of the web workers to the server's log (gunicorn's stderr, the journal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Caches shared by gunicorn's workers (memory caches would give each worker
# its own counts and PDFs): files under ARCHIVE_CACHE_DIR (DATA_DIR/cache by
# default). Files rather than the database cache: a rate-limit count is a
# write on every request, which on SQLite would wait behind an import's
# transaction. With several nodes each keeps its own (docs/deploy.md).
CACHE_DIR = Path(os.environ.get("ARCHIVE_CACHE_DIR", DATA_DIR / "cache"))  # noqa: F405
CACHES = {
    "default": {
        "BACKEND": "archive.cache.SharedFileCache",
        "LOCATION": CACHE_DIR / "default",
        # Past this many files the expired ones are removed (archive/cache.py).
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    "downloads": {
        "BACKEND": "archive.cache.SharedFileCache",
        "LOCATION": CACHE_DIR / "downloads",
        "TIMEOUT": 7 * 86400,
        # About 50 KB a PDF: 100 MB at most.
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
