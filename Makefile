# Newsroom CMS. `make demo` from a fresh clone; `make test` for the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test-only values; production reads real ones from the environment.
TEST_ENV := SECRET_KEY=test-only-not-a-secret-$(shell echo x | md5sum | cut -c1-40)

.PHONY: setup demo serve test lint messages bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

demo: setup
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Public site:  http://$(HOST):$(PORT)/"
	@echo "  Newsroom:     http://$(HOST):$(PORT)/admin/"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# Load test with production settings on loopback (PostgreSQL; see docs/performance.md).
bench: setup
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: setup
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=var --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

clean:
	rm -rf $(VENV) var/static
