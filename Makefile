# minsheng: `make` lists the targets. Every target sets up .venv first if needed.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

.PHONY: help setup run test lab extract check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

setup: $(STAMP) ## create .venv with the project and its test tools

run: $(STAMP) ## set up, then run the whole pipeline on the bundled report
	$(BIN)/minsheng run

test: $(STAMP) ## set up, then run the whole test suite (notebooks and regression check included)
	$(BIN)/python -m pytest

extract: $(STAMP) ## print figures.csv of the bundled report
	$(BIN)/minsheng extract

check: $(STAMP) ## regression check against the committed tables
	$(BIN)/minsheng check

lab: $(STAMP) ## open JupyterLab with the project's environment
	$(BIN)/jupyter lab notebooks/

clean: ## remove generated files (build/), keep .venv and committed data
	rm -rf build .pytest_cache
