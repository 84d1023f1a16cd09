# Two commands do all set-up on a fresh machine:
#   make run   – virtualenv, install, SQLite database, Stolberg demo data, the task worker and the
#                server on 127.0.0.1:8000 (another port: make run PORT=8001)
#   make run-region – the same with the region demo (StädteRegion Aachen, 10 Kommunen, Eschweiler)
#                in a database of its own (REGION_DATABASE_URL, default db-region.sqlite3)
#   make test  – everything the tests need (incl. Debian's chromium, Java and the Nu HTML checker
#                from npm), then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1 DEMODATEN=1
# What `make run` loads; `make run-region` adds the region (manage.py demo --region).
DEMO_SCHALTER := --wenn-leer
REGION_DATABASE_URL ?= sqlite:///$(CURDIR)/db-region.sqlite3
# The development server's port (make run PORT=8001).
PORT ?= 8000
# Debian packages the application needs to run: Pango for WeasyPrint (the PDF report) and fonts
# for every character users type: Noto for the scripts Fira Sans lacks (Arabic, Hebrew, Cyrillic,
# Greek …), Noto Color Emoji, DejaVu as the last fallback.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-color-emoji
# … and what only the tests need: a real Chromium for the browser tests, pdftotext/pdftoppm for
# the report, msgfmt for the translation catalogues, PgBouncer for the smoke test of the
# deployment guide (tests/betrieb/test_skalierung.py; its service is not started).
# Java runs the Nu HTML checker (tests/test_html_gueltig.py); node and npm install it.
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils gettext pgbouncer openjdk-17-jre-headless

.PHONY: run run-region test install install-test debs debs-run lint messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# The task worker (report files, big imports, reminders) runs beside the development server in a
# session of its own (setsid), so that stopping the server (Ctrl+C) stops the worker and its
# auto-reloading child as a whole process group.
run: install debs-run
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py demo $(DEMO_SCHALTER)
	$(DEV_ENV) setsid $(BIN)/python manage.py arbeiter & arbeiter=$$!; \
	trap 'kill -TERM -$$arbeiter 2>/dev/null; wait $$arbeiter 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The region demo in its own database, so that it never mixes with the Stolberg demo of `make run`
# (target-specific variables hold for the prerequisite `run` too).
run-region: DEV_ENV += DATABASE_URL=$(REGION_DATABASE_URL)
run-region: DEMO_SCHALTER += --region
run-region: run

# Installs the packages from Debian only if one is missing (then apt-get needs root).
define debs_installieren
	@dpkg -s $(1) >/dev/null 2>&1 || { \
		echo "Installing $(1) from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; }
endef

debs-run:
	$(call debs_installieren,$(RUN_DEBS))

debs:
	$(call debs_installieren,$(TEST_DEBS))

# The Nu HTML checker from npm (vnu-jar, pinned in package-lock.json). Its install script, which
# would download a Java of its own, is not run: Debian's Java runs the jar.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { \
		echo "Installing npm from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund

install-test: install debs node_modules/.package-lock.json

test: install-test
	$(BIN)/python -m pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

messages: install
	cd $(CURDIR) && DEBUG=1 $(BIN)/python manage.py makemessages -l de -l en --no-obsolete --no-location
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv
