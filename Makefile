# The README's commands. Each installs what it needs first.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Where make serve listens; links in e-mails follow it (pare/settings.py reads it).
ADDRESS ?= 127.0.0.1:8000
export ADDRESS

AXE := node_modules/.package-lock.json

.PHONY: serve demo worker test test-browser lint migrations-check ci bench bench-email

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable ".[dev]"
	@touch $(STAMP)

# axe-core, for the accessibility tests, and the INSEE communes that pare/data/communes.tsv
# is derived from (scripts/derive_communes.py); without npm, the tests that need them are skipped.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : les tests d'accessibilité et celui de la liste des communes seront sautés."; fi

# The demo goes into an empty database only, and the admin keeps its password: staff edits stay.
demo: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_demo_admin

serve: demo
	@echo "Le site : http://$(ADDRESS)/  (administration : http://$(ADDRESS)/admin/, avec l'identifiant ci-dessus)"
	$(PY) manage.py runserver $(ADDRESS)

# The background worker: sends the newsletter and the confirmation e-mails (beside make serve);
# purge_proposals queues its own daily round in it, process_bounces a round of the bounce mailbox
# every quarter of an hour (when one is set).
worker: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py purge_proposals
	$(PY) manage.py process_bounces --schedule
	$(PY) manage.py db_worker

test: $(STAMP) $(AXE)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Only the tests that drive Chromium (tests/browser/); screenshots in artifacts/screenshots/.
test-browser: $(STAMP) $(AXE)
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

# The benchmark: ten years of data on a PostgreSQL database of its own, then load on loopback,
# the site in its production configuration with a Redis database of its own (emptied).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pare_bench
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/15
bench: $(STAMP)
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc 'CREATE DATABASE "$(notdir $(BENCH_DATABASE_URL))"' 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_CACHE_URL=$(BENCH_CACHE_URL) $(PY) -m benchmarks pages $(BENCH_ARGS)

# E-mails per second that sending an issue renders and delivers to an SMTP server on loopback
# (aiosmtpd, in a process of its own, which drops them: none leave).
bench-email: $(STAMP)
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo
	$(PY) -m benchmarks emails $(BENCH_ARGS)
