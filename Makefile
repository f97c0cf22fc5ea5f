# The two commands a newcomer needs: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000

.PHONY: bench run test install translations messages migrate load lint format check backup restore

install: $(STAMP)

$(STAMP): pyproject.toml uv.lock
	test -x $(PY) || python3 -m venv $(VENV)
	test -x $(UV) || { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade; \
	  $(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.5"; }
	# --inexact keeps uv itself in the environment it manages.
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --python $(PY)
	touch $(STAMP)

# Compiled in Python (Babel), so a fresh machine needs no gettext.
translations: install
	$(PY) manage.py compile_translations

# Re-extract the strings into locale/ru (needs GNU gettext's xgettext; for developers).
messages: install
	$(PY) manage.py makemessages -l ru -e html,txt,py,md --ignore=.venv --ignore=tests --ignore=bench
	$(PY) manage.py makemessages -d djangojs -l ru --ignore=.venv --ignore=tests --ignore=staticfiles

migrate: translations
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_reference_data

run: load
	$(PY) manage.py runserver $(HOST)

test: translations
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# A backup of the configured database into backups/ (or FILE=...); restore one into an empty
# database (FORCE=1 replaces what it holds). README: Production.
backup: install
	$(PY) manage.py backup $(if $(FILE),--output $(FILE))

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/cica-....dump [FORCE=1]"; exit 2; }
	$(PY) manage.py restore $(FILE) $(if $(FORCE),--force)

# The performance benchmark (issue 13): 100,000 plan items on PostgreSQL (DATABASE_URL) and
# SQLite, each path beside its floor; writes bench/results.json and bench/results.md.
bench: migrate
	$(PY) bench/run.py $(BENCH_ARGS)
