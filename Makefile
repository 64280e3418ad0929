# aftersales_core — developer commands. Every target builds its own virtual environment
# from pyproject.toml, so a fresh clone on a machine with python3, venv and make is enough.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEV    := $(VENV)/.installed-dev
DEMO   := $(VENV)/.installed-demo
BENCH  := $(VENV)/.installed-bench
CHECK  := $(VENV)/.installed-docs-check
SRC    := $(wildcard src tests benchmarks examples scripts)
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: help demo test lint typecheck pytest docs-build docs docs-check bench dist clean

help:
	@echo "make demo   - install and run the demo"
	@echo "make test   - ruff, ruff format --check, mypy --strict, pytest (coverage >= 95%), mkdocs --strict"
	@echo "make bench  - run every benchmark in benchmarks/"
	@echo "make docs   - serve the docs on http://127.0.0.1:8000"
	@echo "make docs-check - build the site and check it in headless Chromium (screenshots in site-check/)"
	@echo "make dist   - build the sdist and wheel into dist/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(DEV): pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[dev]'
	@touch $@

$(DEMO): pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[cli]'
	@touch $@

$(CHECK): pyproject.toml $(DEV)
	$(PIP) install -e '.[dev,docs-check]'
	@touch $@

$(BENCH): pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[bench]'
	@touch $@

demo: $(DEMO)
	$(BIN)/aftersales demo

test: lint typecheck pytest docs-build

lint: $(DEV)
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)

typecheck: $(DEV)
	$(BIN)/mypy --strict src

pytest: $(DEV)
	$(BIN)/pytest

docs-build: $(DEV)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

docs-check: $(CHECK)
	$(BIN)/python scripts/docs_check.py

docs: $(DEV)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(BENCH)
	@set -e; for script in $(wildcard benchmarks/bench_*.py); do \
		echo "== $$script"; $(BIN)/python $$script; done

dist: $(DEV)
	rm -rf dist
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation -q -w dist .
	$(BIN)/python -c "import hatchling.build as b; print('dist/' + b.build_sdist('dist'))"
	@ls -l dist

clean:
	rm -rf $(VENV) site site-check dist build .coverage .hypothesis .mypy_cache .ruff_cache
