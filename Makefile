# The two commands: `make lab` (the main job) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint benchmark browser postgres screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## make lab: set up, seed the demo team if there is no data yet, open JupyterLab
lab: $(STAMP)
	$(BIN)/careernb lab

## make test: set up and run every test, browser tests included
test: $(STAMP) browser postgres
	$(BIN)/ruff check careernb tests benchmarks notebooks reports docs
	$(BIN)/lint-imports
	$(BIN)/pytest

## Debian's chromium for the browser tests (never a downloaded browser)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-color-emoji; }

## Debian's PostgreSQL for the organisation's store: each test session starts a throwaway cluster
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q postgresql; }

lint: $(STAMP)
	$(BIN)/ruff check careernb tests benchmarks notebooks reports docs
	$(BIN)/lint-imports
	$(BIN)/ruff format --check careernb tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/quarterly.py
	$(BIN)/python benchmarks/store_pg.py

## the README's screenshots, taken again by the browser tests
screenshots: $(STAMP) browser
	$(BIN)/pytest tests/e2e -p no:randomly
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
