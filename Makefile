# minsheng: `make` lists the targets. Every target sets up .venv first if needed.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LINTED := lib tests benchmarks tools notebooks

# Exact versions from the lock first, then the project itself without letting pip re-resolve them.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

.PHONY: help setup run test lint browser lock lab extract check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

setup: $(STAMP) ## create .venv with the project and its test tools, at the versions of requirements.lock

run: $(STAMP) ## set up, then run the whole pipeline on the bundled report
	$(BIN)/minsheng run

test: lint browser ## set up, lint, then run the whole test suite (notebooks and regression check included)
	$(BIN)/python -m pytest

# tests/reporting/test_browser.py opens report.html in headless Chromium; without it (and without apt-get,
# or without the right to use it) that test is skipped and says why.
browser: ## install Debian's chromium for the browser test when it is missing and apt-get can
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } || \
	  echo "make browser: chromium is not installed and could not be; the browser test will be skipped"

lint: $(STAMP) ## ruff check of the code and the notebooks (rules in pyproject.toml)
	$(BIN)/ruff check $(LINTED)

# A throw-away venv, so nothing installed by hand in .venv leaks into the lock.
# Pins are for the Python that runs this (3.11) on this platform (Linux x86_64).
lock: ## re-resolve requirements.lock: newest releases pyproject.toml allows, in a fresh venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make lock: needs Python 3.11 (make lock PYTHON=python3.11)")'
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install --quiet -e '.[test]'; \
	{ echo "# Exact versions of everything 'pip install -e .[test]' installs, minsheng itself excluded."; \
	  echo "# For CPython 3.11 on Linux x86_64; resolved with $$("$$tmp/venv/bin/python" -V) on $$(uname -sm)."; \
	  echo "# Made by 'make lock' (a fresh venv, pip install -e '.[test]', pip freeze --exclude-editable): do not edit by hand."; \
	  echo "# Regenerate after changing a dependency in pyproject.toml (and environment.yml), or to take newer releases."; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable; } > $(LOCK).new; \
	mv $(LOCK).new $(LOCK)

extract: $(STAMP) ## print figures.csv of the bundled report
	$(BIN)/minsheng extract

check: $(STAMP) ## regression check against the committed tables
	$(BIN)/minsheng check

lab: $(STAMP) ## open JupyterLab with the project's environment
	$(BIN)/jupyter lab notebooks/

# Venvs (.venv, benchmarks/.venv-*) are skipped whole; committed data has no _build or cache folders.
clean: ## remove generated files (build/, every _build/, caches), keep .venv and committed data
	rm -rf build .pytest_cache .ruff_cache
	find . \( -path ./.git -o -name '.venv*' \) -prune -o -type d \
	  \( -name _build -o -name __pycache__ -o -name .pytest_cache -o -name .ruff_cache \) -prune -exec rm -rf {} +
