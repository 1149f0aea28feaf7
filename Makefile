# Civic — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements-dev.txt pyproject.toml | sha256sum | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: help install messages setup run test lint check bench clean screenshots docs

help:
	@echo "make run    install, migrate, load the Concept and demo data, serve http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite (DATABASE_URL/REDIS_URL: PostgreSQL/Redis)"
	@echo "make lint   ruff, missing migrations, deploy checks"
	@echo "make bench  page benchmarks (see docs/benchmarks.md)"
	@echo "make docs   regenerate docs/permissions.md and the tables of docs/states.md from the code"

# The virtualenv is rebuilt only when the pinned requirements change.
$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "Dependencies installed."

install: $(STAMP)

messages: install
	@$(BIN)/python manage.py compiletranslations

setup: messages
	@echo "Migrating the database ..."
	@$(BIN)/python manage.py migrate --no-input -v1 | grep -v '^  Applying' || true
	@$(BIN)/python manage.py setup_site --demo

run: setup
	@echo "Serving Civic on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: messages
	@$(BIN)/python -m pytest -p xdist -n 2 $(PYTEST_ARGS)

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/python manage.py makemigrations --check --dry-run
	@DJANGO_DEBUG=0 DJANGO_SECRET_KEY=lint-only-$$(printf 'x%.0s' $$(seq 60)) DJANGO_ALLOWED_HOSTS=civic.example.kz \
		CIVIC_IDENTIFIER_HASH_KEY=lint-only-hash-$$(printf 'y%.0s' $$(seq 60)) \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

# Needs the site running (make run) in another terminal.
screenshots: install
	@$(BIN)/python tools/screenshots.py http://$(HOST):$(PORT) screenshots

docs: install
	@$(BIN)/python manage.py permissions_doc

bench: messages
	@$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
