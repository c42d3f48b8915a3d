"""Settings shared by every environment, read from the environment with safe defaults.

Environment variables: ``ARCHIVE_DATA_DIR`` (database and search index; default
``var/`` in the repository), ``ARCHIVE_ORIGINALS_DIR`` (the statements'
original bytes; default ``DATA_DIR/originals``), ``DATABASE_URL`` (optional,
e.g. PostgreSQL in production), ``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS``
(comma-separated), ``ARCHIVE_HEALTH_MAX_LAG_SECONDS``; the production
settings read more (docs/deploy.md lists them all).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable: 1, true, yes and on mean yes."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
# SQLite cannot create the folder of its database file itself.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Its templates render /sitemap.xml (statements.web.sitemaps).
    "django.contrib.sitemaps",
    # Before haystack: its rebuild_index command replaces haystack's.
    "statements",
    "haystack",
    "simple_history",
    # Counts failed admin logins and locks them out (settings: AXES_* below).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files get it too.
    "archive.middleware.PermissionsPolicyMiddleware",
    # Static files with caching headers, from the app itself (no other host).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags and 304 answers for pages a browser already holds.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets the history of a change made in the admin name the user who made it.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"


def sqlite_database(path: Path) -> dict:
    """SQLite that makes concurrent writers wait instead of failing.

    WAL lets readers go on during a write; a busy timeout and IMMEDIATE
    transactions make a second writer queue for the lock rather than get
    "database is locked" half-way through its transaction. A new database
    gets 16 KiB pages (set before WAL, which fixes it): statements of several
    KB then fill their pages instead of chains of half-empty 4 KiB overflow
    pages (the corpus's archive: 196 MiB with 4 KiB pages, 180 MiB with 16 KiB).
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; "
                "PRAGMA synchronous=NORMAL;"
            ),
        },
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # An SQLite file that several data folders share (two nodes on one
        # machine, tests/test_nodes.py) keeps the waiting writers above.
        DATABASES["default"] = sqlite_database(Path(DATABASES["default"]["NAME"]))
else:
    DATABASES = {"default": sqlite_database(DATA_DIR / "db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Arabic first: the interface defaults to Arabic, English is the full second language.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves the files where they are until collectstatic has run
# (production sets STATIC_ROOT and fingerprints them).
WHITENOISE_USE_FINDERS = True


def originals_storage(location: Path) -> dict:
    """The storage of the statements' original bytes (``statements.ingest.originals``):
    a folder by default. With several web nodes, every node must read the same
    originals: point ``ARCHIVE_ORIGINALS_DIR`` at a shared folder, or give the
    "originals" alias a shared backend (django-storages' S3 storage…)."""
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location},
    }


ORIGINALS_STORAGE = originals_storage(
    Path(os.environ.get("ARCHIVE_ORIGINALS_DIR", DATA_DIR / "originals")).resolve()
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "originals": ORIGINALS_STORAGE,
}

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "statements.search.backend.ArabicWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh_index"),
    },
}
# Changes write index tasks in their own transaction, drained into the index
# after it commits (see statements.indexing.signals and statements.indexing.outbox).
HAYSTACK_SIGNAL_PROCESSOR = "statements.indexing.signals.OutboxSignalProcessor"
# Several web nodes (statements.indexing.log), each with its own index in its
# own ARCHIVE_DATA_DIR, follow the index log. A node's name in the log; empty
# means "<host name>:<DATA_DIR>", unique to each data folder.
ARCHIVE_NODE_NAME = os.environ.get("ARCHIVE_NODE_NAME", "")
# How long a log entry's id missing below ids already seen is awaited (its
# transaction took the id first and commits later) before it is taken as
# rolled back. Longer than any transaction that writes entries.
ARCHIVE_INDEX_GAP_SECONDS = 300
# Entries are removed once every node has applied them, or after this: a node
# that had not applied them by then rebuilds its index from the database.
ARCHIVE_INDEX_RETENTION_SECONDS = 7 * 24 * 3600
# How often `manage.py follow_index` looks at the log (changes reach every
# node's index within about this, plus the time to index them).
ARCHIVE_INDEX_POLL_SECONDS = 0.5

# ``migrate`` loads the shipped gazetteer of actors and places, once per version
# of the file (statements.ingest.gazetteer.load_after_migrate).
ARCHIVE_GAZETTEER_ON_MIGRATE = True

# The public change log (/api/v1/changes, OAI-PMH) lists a change once it is
# this many seconds old: a change is stamped when its transaction writes it,
# and a transaction still open then commits a little later; a reader who had
# already passed that time would miss it (statements/models/changes.py).
ARCHIVE_CHANGES_SETTLE_SECONDS = 5
# The public dumps (/data/, statements.dumps): the licence their
# datapackage.json and LICENSE.txt state (the text is the template
# statements/dumps/LICENSE.txt), and the address the citation gives.
# The texts remain their issuers'; what the archive adds (selection,
# metadata, vocabulary) is offered under CC BY 4.0.
ARCHIVE_DUMP_LICENSES = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International "
        "(the archive's selection and metadata; each text remains its issuer's)",
    }
]
ARCHIVE_SITE_URL = os.environ.get("ARCHIVE_SITE_URL", "").rstrip("/")

# /healthz (statements.web.health) answers 503, taking the node out of a load
# balancer, when the oldest change not yet in the search index is older than
# this: an import holds its tasks until its file is stored, so minutes, not seconds.
ARCHIVE_HEALTH_MAX_LAG_SECONDS = int(
    os.environ.get("ARCHIVE_HEALTH_MAX_LAG_SECONDS", 300)
)

# ---------------------------------------------------------------- accounts
# The admin is the only place anyone logs in (README: Security).

# The client's address is taken from the reverse proxy's X-Forwarded-For only
# when every request comes through a proxy that sets it itself (docs/deploy.md):
# otherwise anyone could write any address in it (archive/client_address.py).
ARCHIVE_TRUSTED_PROXY = env_bool("ARCHIVE_TRUSTED_PROXY", False)

# django-axes checks each login before the password is: its backend first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one user name, or from one address, lock logins
# for that name or address (either is enough: a guesser spread over many
# addresses still hits the name's count). The lock lasts AXES_COOLOFF_TIME
# after the last attempt, since every attempt while locked starts it again;
# an administrator unlocks a curator sooner (axes' "access attempts" in the
# admin, or `manage.py axes_reset_username NAME`).
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_LOGIN_FAILURE_LIMIT", 5))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("ARCHIVE_LOGIN_COOLOFF_MINUTES", 30))
)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# A successful login forgets the name's earlier failures: a curator who
# mistyped twice this morning starts the afternoon with five tries.
AXES_RESET_ON_SUCCESS = True
# The page says it is locked and until when (statements/admin/lockout.py).
AXES_LOCKOUT_CALLABLE = "statements.admin.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "archive.client_address.client_address"
# Axes hides the user name and the address in its log lines by default; the
# operators who read the log see both in axes' admin list anyway, and need
# them to tell a targeted account from a slip.
AXES_SENSITIVE_PARAMETERS = []
# Axes keeps a row per successful login too: the failures are what matter.
AXES_DISABLE_ACCESS_LOG = True

# Password rules (AUTH_PASSWORD_VALIDATORS above) apply when an administrator
# sets a password in the admin and to `manage.py createsuperuser`.

# A login lasts a working day, counted from the login, and no longer than the
# browser stays open: a curator's session left on a shared computer ends.
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --------------------------------------------------------- security headers
# Sent with every response by SecurityMiddleware (Django's defaults, stated
# here so that they are seen; the Content-Security-Policy and the
# Permissions-Policy are archive/middleware.py's). HSTS and the HTTPS
# redirect are the production settings' ARCHIVE_HTTPS.
# No address of a statement page goes to the sites it links to (a source, an
# archived copy): what a reader reads here is nobody else's business.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# A page opened from another site cannot reach back into this one.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page of the archive is meant to be framed (the CSP's frame-ancestors
# says the same to newer browsers).
X_FRAME_OPTIONS = "DENY"
