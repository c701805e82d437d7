# KCN: two commands set everything up on a fresh machine.
#   make run   install, migrate, load the demo data on first start, serve on http://127.0.0.1:8000
#   make test  install the dev tools, lint, type-check and run every test (SQLite and PostgreSQL)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench install install-dev catalogs clean axe

# The venv's own pip (Python 3.11+) installs editable projects; upgrading it first only costs time.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes, so a second `make run` starts in seconds.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(VENV)/.installed catalogs
install-dev: $(VENV)/.installed-dev catalogs

# Message catalogs: compile each .po whose .mo is missing or older (the .mo files are not in
# git; the app would also compile them on first use, see kcn/kit/catalogs.py).
catalogs: $(VENV)/.installed
	$(BIN)/python -m kcn.kit.catalogs

# One process migrates (only when behind), loads the demo data into an empty registry, creates
# the first administrator (its password file is named last, before the address) and serves:
# each separate `kcn` command would pay Python's start-up and imports again.
run: install
	$(BIN)/kcn serve --prepare --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check src tests migrations benchmarks
	$(BIN)/ruff format --check src tests migrations benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# axe-core (the accessibility rules the browser tests inject), from npm into a gitignored
# folder; skipped quietly without npm (the browser tests then say so).
AXE_VERSION := 4.14.1
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js

axe: $(AXE_JS)

$(AXE_JS):
	@command -v npm >/dev/null 2>&1 \
		&& npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION) \
		|| echo "npm not found: the accessibility scan will be skipped"

# The tests run in one worker per core (at most 4): each worker has its own databases (a temporary
# SQLite file and a PostgreSQL schema), so they never see each other's writes.
test: lint axe
	$(BIN)/python -m pytest -n auto --maxprocesses 4

# bench_api.py loads the server with wrk: installed from Debian when missing and root (as
# .ci/run installs chromium); otherwise bench_api says it is skipped.
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1; } \
		|| echo "wrk not found (apt-get install wrk): the API load benchmark will be skipped"
	@ls benchmarks/*.py >/dev/null 2>&1 && for b in benchmarks/*.py; do \
		[ "$$b" = benchmarks/bare_app.py ] || $(BIN)/python $$b; done || echo "no benchmarks yet"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
