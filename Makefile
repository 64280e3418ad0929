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
# pytest-xdist workers: one per core (`make test PYTEST_WORKERS=0` runs serially, for debugging).
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

.PHONY: help demo quick test lint typecheck contracts pytest pytest-quick docs-build docs docs-check \
	bench dist clean

help:
	@echo "make demo   - install and run the demo"
	@echo "make quick  - the inner loop: ruff, ruff format --check, mypy --strict, the fast tests in parallel"
	@echo "make test   - every gate: quick's, import contracts, all tests (coverage >= 95%), mkdocs --strict"
	@echo "make contracts - the import-linter layer contracts (imports point down only)"
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

# The inner loop: no coverage gate, no slow (wheel and venv) tests, a lighter Hypothesis profile.
quick: lint typecheck pytest-quick

test: lint typecheck contracts pytest docs-build

lint: $(DEV)
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)

typecheck: $(DEV)
	$(BIN)/mypy --strict src

# The layer contracts in pyproject.toml's [tool.importlinter]: imports point down only.
contracts: $(DEV)
	$(BIN)/lint-imports

# Branch coverage is measured in every xdist worker and combined by pytest-cov.
pytest: $(DEV)
	$(PYTEST)

pytest-quick: $(DEV)
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-quick} $(PYTEST) -q -m "not slow" --no-cov

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
