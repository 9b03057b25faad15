# `make run` serves Nabij on the embedded SQLite database with demo data (plain HTTP on this machine,
# so login cookies without Secure unless NABIJ_SECURE_COOKIES says otherwise);
# `make test` runs the whole suite on SQLite and on a throwaway PostGIS server.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint system-packages bench

$(VENV)/.run-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# The map pages' scripts and stylesheets, from the npm registry (package-lock.json), served by Nabij.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

run: $(VENV)/.run-installed node_modules/.installed
	$(BIN)/nabij migrate
	$(BIN)/nabij demo load --if-empty
	NABIJ_SECURE_COOKIES=$${NABIJ_SECURE_COOKIES:-false} $(BIN)/nabij serve --port $(PORT)

system-packages:
	scripts/system-packages.sh

lint: $(VENV)/.test-installed
	$(BIN)/ruff check app tests migrations
	$(BIN)/lint-imports
	$(BIN)/mypy

# One worker per core (at most 4), each with its own PostGIS server and browser; a file's tests stay together.
test: $(VENV)/.test-installed system-packages node_modules/.installed lint
	$(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile

# Every benchmark prints `name: value unit` lines; none is part of the test run.
bench: $(VENV)/.test-installed system-packages
	for script in benchmarks/[a-z]*.py; do $(BIN)/python -m benchmarks.$$(basename $$script .py) || exit 1; done
