# Two commands for a newcomer: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
PORT ?= 8000

.PHONY: install run test lint lock schemas worker beat clean

$(VENV)/.installed-dev: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements-dev.lock
	touch $@

# Translations: the project's catalogue (locale/) and each app's own (<app>/locale/), compiled
# to .mo with polib (a dependency), so no GNU gettext is needed; `make` recompiles a catalogue
# only when its .po changed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po */locale/*/LC_MESSAGES/*.po))

%.mo: %.po $(VENV)/.installed-dev
	$(PY) -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

install: $(VENV)/.installed-dev $(MO_FILES)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Portail PGO : http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=pgo_portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The end-to-end test of the production stack first, alone (it starts gunicorn, Celery and Redis:
# beside the other tests it would starve their timing checks of CPU, and they it); pytest's
# exit code 5 (no test selected by PYTEST_ARGS) is not a failure. Then the rest of the suite on
# every core (pytest-xdist); PYTEST_ARGS="-n 0" runs it in one process.
test: lint
	$(VENV)/bin/pytest -m e2e -n 0 $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(VENV)/bin/pytest -n auto --dist loadfile -m "not e2e" $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A pgo_portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A pgo_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule

# The open-data schema repository (schemas/), regenerated from the code; a changed schema first
# needs a new version in its CHANGELOG.md (the command says which).
schemas: install
	$(PY) manage.py opendata_schemas --write

# Re-resolve the lock files after editing pyproject.toml.
lock:
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) var/*.sqlite3 var/staticfiles
