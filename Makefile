# Two commands do all the set-up on a fresh machine:
#   make run   — install, migrate, load units and demo data, serve http://127.0.0.1:8000 (SQLite, no Redis)
#   make test  — install and run the whole suite in parallel (PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set)

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Python 3.12+ is preferred: the legacy (three-tier) unit data needs it. 3.11 works without that data.
PYTHON ?= $(shell for p in python3.12 /root/.pyenv/versions/3.12*/bin/python3.12 python3.13 python3; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)

.PHONY: run test install lint format demo-data serve clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check ".[dev]"
	@rm -rf build *.egg-info
	@touch $@

install: $(VENV)/.installed

demo-data: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_units --regime 2025
	-$(PY) manage.py load_units --regime legacy
	$(PY) manage.py demo_people
	$(PY) manage.py demo_rolls
	$(PY) manage.py demo_seed
	$(PY) manage.py demo_plans

run: demo-data
	@echo "Mở http://$(HOST):$(PORT)/ và đăng nhập bằng một tài khoản ở trên."
	$(PY) manage.py runserver $(HOST):$(PORT)

# pytest-xdist: one worker per core, each with its own test database and media folder. Tests are
# handed out one by one in pytest-django's order (--dist load), so the transactional tests, whose
# flush empties the rule tables the migrations seeded, still come after the others on each worker:
# --dist loadfile breaks that order (88 failures on PostgreSQL), and --dist loadgroup ignores
# xdist_group marks with pytest 9.2 (pytest-xdist#1386).
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist load

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3* media .test-media staticfiles test-artifacts
