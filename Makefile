# Two commands on a fresh machine with only Python:
#   make run   — create .venv, install, start the main job on bundled data
#   make test  — install test needs (and Debian's chromium when missing and root), run the whole suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-test chromium lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The headline table on bundled data (every accelerator's specs, median published rent and levelized cost,
# and the catalog's row counts), then the dashboard and HTTP API on that data at http://127.0.0.1:8765
# (Ctrl-C stops it).
run: install
	$(BIN)/infranomics overview
	$(BIN)/infranomics serve --host 127.0.0.1 --port 8765

# Browser tests drive Debian's chromium through Playwright; never download a browser.
# (fonts-wqy-microhei: a CJK font, so screenshots of the 简体中文 dashboard show characters.)
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian chromium for browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
	    || echo "warning: could not install chromium; browser tests will be skipped"; \
	else echo "note: chromium not found and not root; browser tests will be skipped"; fi

lint: install-test
	$(BIN)/ruff check src tests $(wildcard benchmarks)

test: install-test chromium lint
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a broken suite, not a pass" >&2; fi; \
	exit $$rc

bench: install-test
	$(PIP) install -q -e '.[bench]'
	@for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit $$?; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist
