# The archive's two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install install-dev install-postgres browser run setup serve serve-setup test test-postgres lint format messages bench bench-import bench-quality bench-latency bench-scale bench-size clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-run pip only when pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# psycopg, for PostgreSQL (the `postgres` extra).
$(VENV)/.installed-postgres: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

install-postgres: $(VENV)/.installed-postgres

# Migrate (which loads the gazetteer of places and actors, once per version of
# it), fill what curation needs on statements archived before it, import the
# seed (all idempotent: a second run changes nothing) and make sure the search
# index holds every published statement.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) backfill_signatures
	$(MANAGE) import_statements seeds/
	$(MANAGE) ensure_index

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# One production node (docs/deploy.md): the production settings, which stop
# with what to set when SECRET_KEY or ALLOWED_HOSTS is missing or unsafe; the
# same steps as `setup` (SEED= skips the seed), the static files collected for
# WhiteNoise, then gunicorn (archive/gunicorn.conf.py) on 127.0.0.1:$(PORT),
# or ARCHIVE_BIND. Every step is idempotent: a second `make serve` changes nothing.
SETTINGS ?= archive.settings.production
SEED ?= seeds/
# The node's index follower (manage.py follow_index), run beside gunicorn and
# stopped with it (the hook is in archive/gunicorn.conf.py): it applies the
# changes other nodes commit to this node's index. INDEX_FOLLOWER= (empty)
# where systemd runs it as its own unit (docs/deploy.md).
INDEX_FOLLOWER ?= $(BIN)/python manage.py follow_index
# The dumps follower (manage.py follow_dumps), started and stopped the same
# way: it writes /data/'s dumps again after public changes, at most every
# ARCHIVE_DUMPS_INTERVAL_SECONDS. DUMPS_FOLLOWER= (empty) for none.
DUMPS_FOLLOWER ?= $(BIN)/python manage.py follow_dumps
SERVE_MANAGE := DJANGO_SETTINGS_MODULE=$(SETTINGS) $(MANAGE)

serve-setup: install
	$(SERVE_MANAGE) check --deploy --fail-level ERROR
	$(SERVE_MANAGE) migrate --noinput
	$(SERVE_MANAGE) backfill_signatures
	$(if $(SEED),$(SERVE_MANAGE) import_statements $(SEED))
	$(SERVE_MANAGE) ensure_index
	$(SERVE_MANAGE) collectstatic --noinput --verbosity 0

serve: serve-setup
	DJANGO_SETTINGS_MODULE=$(SETTINGS) PORT=$(PORT) ARCHIVE_INDEX_FOLLOWER="$(INDEX_FOLLOWER)" \
		ARCHIVE_DUMPS_FOLLOWER="$(DUMPS_FOLLOWER)" \
		exec $(BIN)/gunicorn -c archive/gunicorn.conf.py archive.wsgi

# The browser tests (tests/browser/) drive Debian's Chromium: Playwright's own
# browser download is not reachable from here. Install it when it is missing
# and we can (root, with apt-get); otherwise say so, and those tests skip.
# DejaVu Sans has Arabic letters: without a font that has them, Arabic text
# would show as boxes in screenshots.
BROWSER_PACKAGES := chromium fonts-dejavu-core
NO_BROWSER := browser tests will be SKIPPED (in CI, where ARCHIVE_REQUIRE_BROWSER=1, they fail)

browser:
	@if [ -x "$${ARCHIVE_CHROMIUM:-/usr/bin/chromium}" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's $(BROWSER_PACKAGES) for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null \
		|| echo "*** apt-get could not install $(BROWSER_PACKAGES): $(NO_BROWSER)"; \
	else \
		echo "*** No Chromium, and installing it needs root and apt-get: $(NO_BROWSER)"; \
		echo "*** (apt-get install $(BROWSER_PACKAGES) to run them)"; \
	fi

test: install-dev browser
	$(BIN)/python -m pytest

# The same suite on PostgreSQL: DATABASE_URL's server, else a cluster of the
# archive's own on port 5433, made and started as needed (tools/postgres.sh).
test-postgres: install-postgres browser
	tools/postgres.sh test

# lint-imports checks the architecture: stages import one way, only search/
# knows Whoosh, no import cycles (the contracts are in pyproject.toml).
# tools/audit.py: pip-audit over the installed packages; a known vulnerability
# fails the lint, a vulnerability database out of reach is said and passes.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python tools/audit.py

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Interface strings: extract them into the Arabic catalog, then compile it
# (needs GNU gettext; the compiled .mo is committed so nothing else does).
messages: install-dev
	$(MANAGE) makemessages -l ar --no-location --no-obsolete \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=var
	$(MANAGE) compilemessages -l ar --ignore=.venv

# Benchmarks on ../shared/corpus (minutes each; see README.md).
bench: bench-import bench-quality bench-latency

bench-import: install-dev
	$(BIN)/python bench/import_corpus.py

bench-quality: install-dev
	$(BIN)/python bench/search_quality/run.py

bench-latency: install-dev
	$(BIN)/python bench/search_latency.py

# Not part of `make bench`: about an hour (two archives, the larger of 315k
# statements). bench/scale.py --reuse-dir DIR keeps them for a second run.
bench-scale: install-dev
	$(BIN)/python bench/scale.py

# Not part of `bench`: a third import of the corpus, for the size of each table.
bench-size: install-dev
	$(BIN)/python bench/db_size.py

clean:
	rm -rf $(VENV) var
