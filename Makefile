# The two commands: `make lab` (the main job) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint benchmark browser postgres hub screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## make lab: set up, seed the demo team if there is no data yet, open JupyterLab
lab: $(STAMP)
	$(BIN)/careernb lab

## make test: set up, lint, type-check (mypy), then run every test, browser tests included
test: $(STAMP) browser postgres hub
	$(BIN)/ruff check careernb tests benchmarks notebooks reports docs
	$(BIN)/lint-imports
	$(BIN)/mypy
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

## The hub's own environment, for tests/hub: a venv from Debian's /usr/bin/python3 (every
## manager's Unix user must be able to run it; a Python under /root is mode 0700) with careernb
## installed as a copy, not a link to this checkout (which those users may not be able to read),
## and configurable-http-proxy from npm. As root it lives in /opt/careernb-hub, outside the
## checkout. Idempotent: rebuilt when the package changes.
HUB        ?= $(if $(filter 0,$(shell id -u)),/opt/careernb-hub,$(CURDIR)/.hub)
HUB_PYTHON ?= /usr/bin/python3
HUB_STAMP  := $(HUB)/venv/.installed
PROXY      := $(HUB)/node_modules/.bin/configurable-http-proxy
PACKAGE    := $(shell find careernb -type f -not -path '*/__pycache__/*' 2>/dev/null)
export CAREERNB_HUB_DIR := $(HUB)

hub: $(HUB_STAMP) $(PROXY)

$(HUB_STAMP): pyproject.toml $(PACKAGE)
	@$(HUB_PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q python3 python3-venv; }
	$(HUB_PYTHON) -m venv $(HUB)/venv
	$(HUB)/venv/bin/python -m pip install --quiet --upgrade pip
	$(HUB)/venv/bin/python -m pip install --quiet '.[hub]'
	$(HUB)/venv/bin/python -m pip install --quiet --no-deps --force-reinstall .
	chmod -R a+rX $(HUB)
	touch $(HUB_STAMP)

$(PROXY):
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q npm; }
	npm install --silent --no-audit --no-fund --prefix $(HUB) configurable-http-proxy@5
	chmod -R a+rX $(HUB)

lint: $(STAMP)
	$(BIN)/ruff check careernb tests benchmarks notebooks reports docs
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/ruff format --check careernb tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/store.py
	$(BIN)/python benchmarks/quarterly.py
	$(BIN)/python benchmarks/store_pg.py

## the README's screenshots, taken again by the browser tests
screenshots: $(STAMP) browser postgres hub
	$(BIN)/pytest tests/e2e tests/hub -p no:randomly
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) $(HUB) build *.egg-info
