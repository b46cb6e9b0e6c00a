# Unknot's commands. `make run` and `make test` are all a new host needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test serve lint format demo content screenshots bench messages

# Re-install only when the dependency list changes.
$(VENV)/.installed-runtime: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-runtime pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

data:
	@mkdir -p data

# Migrate the database and load the guide pages shipped in education/content/.
content: $(VENV)/.installed-runtime data
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_education

# The worker (manage.py run_worker: big diary imports) runs beside the web server and
# stops with it.
run: content
	@echo "Unknot is starting on http://127.0.0.1:$(PORT)/ (stop it with Ctrl+C)"
	$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on SQLite, then on PostgreSQL when one is configured
# (TEST_DATABASE_URL, or a postgres DATABASE_URL) or answers on 127.0.0.1:5432.
test: $(VENV)/.installed-test data
	@echo "== Lint: ruff, formatting, missing migrations"
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	@echo "== Test run 1: SQLite"
	DATABASE_URL=sqlite:///$(CURDIR)/data/test.sqlite3 $(PY) -m pytest $(PYTEST_ARGS)
	@pg_url="$${TEST_DATABASE_URL:-}"; \
	if [ -z "$$pg_url" ] && [[ "$${DATABASE_URL:-}" == postgres* ]]; then pg_url="$$DATABASE_URL"; fi; \
	if [ -z "$$pg_url" ] && $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		pg_url="postgres://postgres@127.0.0.1:5432/unknot"; fi; \
	if [ -n "$$pg_url" ]; then \
		echo "== Test run 2: PostgreSQL ($${pg_url%%@*}@…)"; \
		DATABASE_URL="$$pg_url" $(PY) -m pytest $(PYTEST_ARGS); \
	else \
		echo "== Test run 2: skipped, no PostgreSQL configured or listening on 127.0.0.1:5432"; \
	fi

# For translators: gather every marked string into locale/<language>/LC_MESSAGES/
# (django.po for pages and emails, djangojs.po for static/js), keeping what is already
# translated, then compile them to the .mo files Django reads (in pure Python).
# Gathering needs GNU gettext's xgettext (Debian: apt-get install gettext); compiling
# needs nothing more. A new language: make messages NEW_LANGUAGE=fr
MESSAGE_IGNORES := --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench \
	--ignore=node_modules --ignore=locale
messages: $(VENV)/.installed-test
	$(PY) manage.py makemessages --all $(if $(NEW_LANGUAGE),--locale=$(NEW_LANGUAGE)) \
		--no-obsolete --add-location=file $(MESSAGE_IGNORES)
	$(PY) manage.py makemessages --domain=djangojs --all $(if $(NEW_LANGUAGE),--locale=$(NEW_LANGUAGE)) \
		--no-obsolete --add-location=file $(MESSAGE_IGNORES)
	$(PY) manage.py compile_catalogues

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production: gunicorn + whitenoise, DEBUG off, everything from the environment.
# --timeout: a worker busy this many seconds on one request is killed and restarted
# (GUNICORN_TIMEOUT, 60 s). Nothing should come near it: exports stream from the
# first byte (a 10-year diary in a few seconds), and a download cut off by a killed
# worker ends without HTTP's last chunk, so it reads as failed, never as a whole file.
# --graceful-timeout: on a restart or deploy, how long a worker may finish what it
# is sending before it is stopped (GUNICORN_GRACEFUL_TIMEOUT, 30 s).
# The worker (manage.py run_worker: big diary imports) runs beside gunicorn and stops
# with it; RUN_WORKER=0 when it runs as its own systemd unit (two copies are safe anyway).
serve: $(VENV)/.installed-runtime data
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py load_education
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	if [ "$${RUN_WORKER:-1}" = 1 ]; then DEBUG=0 $(PY) manage.py run_worker & worker=$$!; \
		trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; fi; \
	DEBUG=0 $(VENV)/bin/gunicorn config.wsgi:application \
		--bind $${BIND:-127.0.0.1:$(PORT)} --workers $${WEB_CONCURRENCY:-2} \
		--timeout $${GUNICORN_TIMEOUT:-60} --graceful-timeout $${GUNICORN_GRACEFUL_TIMEOUT:-30} \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

demo: content
	$(PY) manage.py seed_demo --username demo --password "$${DEMO_PASSWORD:-demo-spasm-diary}" --days 60

# The benchmark, not a test: builds a heavy instance in data/bench/ (never your own
# database), serves it with `make serve` on a free port of 127.0.0.1, measures the key
# pages on SQLite (and PostgreSQL when it answers on 127.0.0.1:5432 or BENCH_DATABASE_URL
# is set) and writes docs/benchmark.md. About 15 minutes; see README.md, "Benchmark".
bench: $(VENV)/.installed-runtime data
	$(PY) -m bench.run $(BENCH_ARGS)

# The README's pictures: a demo diary in a throwaway database, photographed by Chromium.
screenshots: $(VENV)/.installed-test
	$(PY) tests/browser/screenshots.py
