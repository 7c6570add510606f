# Newsroom CMS. `make demo` from a fresh clone; `make test` for the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test-only values; production reads real ones from the environment.
TEST_ENV := SECRET_KEY=test-only-not-a-secret-$(shell echo x | md5sum | cut -c1-32)

.PHONY: setup demo serve test lint messages bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

demo: setup
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py import_wordpress imports/demo/wordpress-sample.xml \
		--region-map imports/demo/regions.json --user admin
	@echo ""
	@echo "  Public site:  http://$(HOST):$(PORT)/"
	@echo "  Newsroom:     http://$(HOST):$(PORT)/admin/"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# Real-browser journeys (tests/e2e) in Debian's headless Chromium, driven by
# Playwright (the `e2e` extra). Playwright's own browser download is never used.
CHROMIUM ?= /usr/bin/chromium
E2E_STAMP := $(VENV)/.installed-e2e
.PHONY: test-e2e chromium

$(E2E_STAMP): $(STAMP)
	$(BIN)/pip install --quiet ".[dev,e2e]"
	touch $(E2E_STAMP)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo -n"; \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
			export DEBIAN_FRONTEND=noninteractive; \
			$$sudo apt-get install -y -q chromium chromium-driver \
			|| { $$sudo apt-get update -q && $$sudo apt-get install -y -q chromium chromium-driver; }; \
		fi; \
	fi; \
	if [ ! -x "$(CHROMIUM)" ]; then \
		echo "make test-e2e needs Chromium at $(CHROMIUM) and could not install it."; \
		echo "As root: apt-get install -y chromium chromium-driver (or set CHROMIUM=/path/to/chromium)."; \
		exit 1; \
	fi

test-e2e: setup $(E2E_STAMP) chromium
	$(TEST_ENV) E2E_CHROMIUM=$(CHROMIUM) $(BIN)/pytest tests/e2e -m e2e $(PYTEST_ARGS)

# Load test with production settings on loopback (PostgreSQL; see docs/performance.md).
bench: setup
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# Restart PostgreSQL during a bounded load and count 503s (docs/operations.md).
.PHONY: fault soak
fault: setup
	$(BIN)/python bench/fault.py $(FAULT_ARGS)

# 60 s, 64 connections over the public pages: zero errors, stable worker memory.
soak: setup
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: setup
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

clean:
	rm -rf $(VENV) var/static
