# The setup contract: `make run` brings up the demo site; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# Links in emails, calendar files and CSVs start with SITE_URL: the address `make run` serves on.
DEV_URL := http://127.0.0.1:$(PORT)
DEV_ENV := DEBUG=on DEMO_MODE=on SITE_URL=$(DEV_URL)

.PHONY: run test install lint format bench clean migrate curriculum demo worker browsers test-sqlite test-postgres

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --no-input
	$(DEV_ENV) $(PY) manage.py createcachetable

curriculum: migrate
	$(DEV_ENV) $(PY) manage.py load_curriculum
	$(DEV_ENV) $(PY) manage.py load_measures

demo: curriculum
	$(DEV_ENV) $(PY) manage.py seed_demo

run: demo
	$(DEV_ENV) $(PY) manage.py send_notification_digests --hourly
	@echo "Starting the task worker and the site on $(DEV_URL)/ (Ctrl+C stops both)."
	@trap 'kill 0' EXIT; \
	  $(DEV_ENV) $(PY) manage.py db_worker --interval 2 & \
	  $(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(DEV_ENV) $(PY) manage.py db_worker

# Browser tests use Debian's Chromium, PDFs need Pango (WeasyPrint); installed when missing
# (needs root, as on CI).
browsers:
	@command -v chromium >/dev/null && ldconfig -p | grep -q libpangoft2 || { apt-get update -qq && \
	  apt-get install -y -qq chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

test-sqlite: install browsers
	env -u DATABASE_URL $(PY) -m pytest -n 2 --cov --cov-report=term --cov-fail-under=$$(cat .coverage-floor)

test-postgres: install browsers
	$(PY) -m pytest -n 2 -m "not browser"

test: lint test-sqlite
	@if [[ "$$DATABASE_URL" == postgres* ]]; then $(MAKE) --no-print-directory test-postgres; \
	  else echo "DATABASE_URL does not point at PostgreSQL: skipped the PostgreSQL run."; fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: demo
	$(PY) bench/http_pages.py
	$(PY) bench/register_burst.py

clean:
	rm -rf $(VENV) node_modules staticfiles var
