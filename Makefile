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

# requirements.lock pins every package (`make lock` refreshes it from pyproject.toml):
# a fresh clone installs exactly the versions CI tested.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock ".[dev]"
	touch $(STAMP)

.PHONY: lock
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra dev --extra e2e --extra sentry --output-file requirements.lock pyproject.toml

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
	@echo "  Worker:       background tasks (e-mail, evidence archiving, link watch)"
	@echo ""
	@# The worker runs beside the web server and stops with it (Ctrl+C stops both).
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --queue-name '*' -v 1 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Coverage of newsroom, articles, factcheck and demo, printed after the run (pytest-cov).
test: setup
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(TEST_ENV) $(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

# Real-browser journeys (tests/e2e) in Debian's headless Chromium, driven by
# Playwright (the `e2e` extra). Playwright's own browser download is never used.
CHROMIUM ?= /usr/bin/chromium
E2E_STAMP := $(VENV)/.installed-e2e
.PHONY: test-e2e chromium

$(E2E_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock ".[dev,e2e]"
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

# Archive 1,000 cited URLs from a local server with one worker (docs/scaling.md).
.PHONY: bench-archive
bench-archive: setup
	$(BIN)/python bench/archive.py $(ARCHIVE_ARGS)
# Similar-claim finder: precision@1, recall@5, MRR and p95 latency on the labelled pairs
# of bench/matching_pairs.json, at 100,000 claims on PostgreSQL (see docs/matching.md).
MATCHING_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_matching
.PHONY: eval-matching
eval-matching: setup
	$(BIN)/python bench/eval_matching.py --database-url $(MATCHING_DATABASE_URL) $(EVAL_ARGS)

# Restart PostgreSQL during a bounded load and count 503s (docs/operations.md).
.PHONY: fault soak
fault: setup
	$(BIN)/python bench/fault.py $(FAULT_ARGS)

# Two web hosts and a worker host in network namespaces behind a load balancer: publish on A,
# read on B within 1 s; kill A under load: 0 errors after failover, 0 lost writes. Needs root.
.PHONY: cluster-test
cluster-test: setup
	$(BIN)/python bench/cluster.py $(CLUSTER_ARGS)

# 60 s, 64 connections over the public pages: zero errors, stable worker memory.
soak: setup
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

# ruff everywhere; mypy (django-stubs) on the service modules listed in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy

messages: setup
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

clean:
	rm -rf $(VENV) var/static
