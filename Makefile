# `make run` and `make test` work on a fresh machine with Python 3.11: each sets up what it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format browser-test fault-test bench audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py ensure_admin --serve $(HOST)
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/.installed lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test
	$(BIN)/pytest

browser-test: $(VENV)/.installed
	$(BIN)/pytest -m browser

# Needs PostgreSQL (DATABASE_URL), Redis (127.0.0.1:6379, db 2; FAULT_TEST_REDIS_URL), nginx.
fault-test: $(VENV)/.installed
	$(BIN)/pytest -m faults

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark (bench/README.md): BENCH_ARGS=--small for a quick run, DATABASE_URL for PostgreSQL.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# The outside checkers (vnu, axe-core, Lighthouse) from npm into audit/node_modules; the
# install scripts stay off (vnu-jar's would fetch a Java: Debian's is used).
audit/node_modules/.installed: audit/package.json audit/package-lock.json
	cd audit && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

audit: $(VENV)/.installed audit/node_modules/.installed
	$(BIN)/python audit/run.py
