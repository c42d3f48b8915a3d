# The archive's two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install install-dev run setup test lint format messages bench bench-import bench-quality bench-latency clean

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

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Migrate, load the gazetteer of places and actors, import the seed (all
# idempotent: a second run changes nothing) and make sure the search index
# holds every published statement.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_gazetteer
	$(MANAGE) import_statements seeds/
	$(MANAGE) ensure_index

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

clean:
	rm -rf $(VENV) var
