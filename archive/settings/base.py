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
    # After the language is known (its 429 page is in the reader's language),
    # before anything costly: statements.web.throttle.
    "statements.web.throttle.RateLimitMiddleware",
    # ETags and 304 answers for pages a browser already holds.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Lets the history of a change made in the admin name the user who made it.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page that needs a deleted or damaged search index: 503, not 500.
    "statements.web.unavailable.IndexUnavailableMiddleware",
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
# Where the public dumps are written and served from: empty means the node's
# DATA_DIR/dumps (read when used, so that a test's DATA_DIR moves it too).
# With several nodes, a folder they share: they then serve the same dump, and
# its lock (statements/dumps/published.py) keeps to one writer among them.
ARCHIVE_DUMPS_DIR = os.environ.get("ARCHIVE_DUMPS_DIR", "")
# `manage.py follow_dumps` writes the dumps again when public changes were
# recorded since they were written, at most this often (a dump of the corpus
# takes 20 to 60 s of a core); 0: only export_dumps and imports write them.
ARCHIVE_DUMPS_INTERVAL_SECONDS = int(
    os.environ.get("ARCHIVE_DUMPS_INTERVAL_SECONDS", 3600)
)

# /healthz (statements.web.health) answers 503, taking the node out of a load
# balancer, when the oldest change not yet in the search index is older than
# this: an import holds its tasks until its file is stored, so minutes, not seconds.
ARCHIVE_HEALTH_MAX_LAG_SECONDS = int(
    os.environ.get("ARCHIVE_HEALTH_MAX_LAG_SECONDS", 300)
)

# ---------------------------------------------------------------- accounts
# The admin is the only place anyone logs in (README: Security).

# How many reverse proxies stand before the site and write X-Forwarded-For
# themselves (0: none, the connection's address is the client's; 1: one nginx,
# docs/deploy.md). The client's address, for lock-outs and rate limits, is
# read from that header only then: otherwise anyone could write any address
# in it (archive/client_address.py).
ARCHIVE_TRUSTED_PROXY = int(os.environ.get("ARCHIVE_TRUSTED_PROXY", 0))

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

# Caches. "default" holds the rate limits' counters, "downloads" the PDFs by
# statement version. In memory here (one process: runserver, tests);
# production.py puts both in files that gunicorn's workers share.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "downloads": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "downloads",
        "TIMEOUT": 7 * 86400,
    },
}

# Requests one client may make to each group of costly addresses
# (statements/web/throttle.py: "N/s", "N/m", "N/h", "N/d" or "N/5m"); a group
# left out is not limited. Past its rate a client gets 429 with Retry-After
# (503 from /oai, as OAI-PMH harvesters expect) until the window ends.
ARCHIVE_RATE_LIMITS_ENABLED = env_bool("ARCHIVE_RATE_LIMITS_ENABLED", True)
ARCHIVE_RATE_LIMITS = {
    # A search costs 20-100 ms of CPU: one a second, with bursts.
    "search": "60/m",
    "api": "120/m",
    # A PDF not yet cached costs 30-300 ms to render.
    "pdf": "30/m",
    "original": "60/m",
    "feed": "60/m",
    # A harvester pages through with resumption tokens, a request at a time.
    "oai": "120/m",
    # The dumps are large: a few downloads a minute is plenty for a mirror.
    "data": "20/m",
}
ARCHIVE_RATE_LIMIT_CACHE = "default"

# Bounded inputs (README "Limits"): each refusal says which limit and why.
# An upload in the admin larger than this is dropped as it streams in
# (statements.admin.upload.LimitedUploadHandler); the reverse proxy's own
# limit (nginx client_max_body_size, docs/deploy.md) should be a little higher.
ARCHIVE_UPLOAD_MAX_BYTES = int(os.environ.get("ARCHIVE_UPLOAD_MAX_BYTES", 40 << 20))
FILE_UPLOAD_HANDLERS = [
    "statements.admin.upload.LimitedUploadHandler",
    # Django's own: small files in memory, larger ones (past
    # FILE_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) in a temporary file.
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A .gz statement file (admin or command line) is refused whole once it
# expands past this many bytes, or more than this many times its compressed
# size (judged after its first MiB; text compresses 3-10 times, a
# compression bomb a thousand): statements.ingest.encodings.BoundedGzip.
ARCHIVE_GZIP_MAX_BYTES = int(os.environ.get("ARCHIVE_GZIP_MAX_BYTES", 1 << 30))
ARCHIVE_GZIP_MAX_RATIO = 100
# One line of a .jsonl or .csv file, in characters (JSON's \u escapes count:
# 6 a letter), and one record's texts together; past either, that record is
# reported and the rest of the file imported (statements.ingest.limits).
ARCHIVE_MAX_LINE_CHARS = 10_000_000
ARCHIVE_MAX_RECORD_CHARS = 2_000_000
# Levels of nesting in one record's JSON (a record is an object of texts and
# lists of names: 3 levels); deeper is refused before it can exhaust the stack.
ARCHIVE_MAX_JSON_DEPTH = 20
# One CSV cell (Python's csv module refuses past 131,072 by default, which a
# long statement's body can pass).
ARCHIVE_MAX_CSV_FIELD_CHARS = 2_000_000
# Search, browse and API pages: page number × page size at most this. Scores
# are computed for every match anyway; deeper pages only invite scraping by
# page number (the API's /statements pages by cursor instead).
ARCHIVE_MAX_RESULTS = 10_000
