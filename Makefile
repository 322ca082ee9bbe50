# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing first
# and are idempotent: a second run reuses the venv and packages the first one installed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' $(LOCK))
# PyTorch's CPU wheel lies in this folder on these machines (see ARCHITECTURE.md).
FIND_LINKS := /opt/wheels
# The install stamp changes whenever the lock or the project metadata does.
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | sha256sum | cut -c1-12)
# chromium: the browser test drives Debian's build (Playwright never downloads one); CJK fonts so
# Chinese pages render in it.
DEBIAN_PACKAGES := ffmpeg espeak-ng chromium fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install system-deps lock demo test lint typecheck unit services-up services-down clean

help:
	@echo "make demo   set up, start services, generate a demo hospital, run the pipeline, serve dashboards"
	@echo "make test   set up, then lint (ruff), types (mypy) and the whole pytest suite"

install: system-deps $(STAMP)

system-deps:
	@missing=""; for bin in ffmpeg ffprobe espeak-ng chromium; do command -v $$bin >/dev/null || missing=1; done; \
	[ -d /usr/share/fonts/opentype/noto ] || missing=1; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $(DEBIAN_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
	fi

$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --python $(BIN)/python --require-hashes --find-links $(FIND_LINKS) --quiet $(LOCK)
	$(BIN)/uv pip install --python $(BIN)/python --no-deps --quiet -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Re-resolve the lock after changing dependencies in pyproject.toml (hashes, no index addresses).
lock:
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --find-links $(FIND_LINKS) \
	  --override requirements/overrides.txt --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --quiet -o $(LOCK)

demo: install
	$(BIN)/hirelake services up
	$(BIN)/hirelake demo

test: install lint typecheck unit

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

# The integration tests start their own store and Prefect server on free ports and stop them after.
unit:
	$(BIN)/pytest

services-up: install
	$(BIN)/hirelake services up --prefect-server

services-down:
	@test -x $(BIN)/hirelake && $(BIN)/hirelake services down || true

clean: services-down
	rm -rf $(VENV) .data .mypy_cache .ruff_cache .pytest_cache
