# Recueil — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-lock
ADDR ?= 127.0.0.1:8000
PACKAGES := config cases workflows threads enquiries templates_legal rights retention indicators portal demo tests bench

.PHONY: install run test lint typecheck pytest bench bench-load bench-cluster clean

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver --noreload $(ADDR)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy $(PACKAGES)

pytest: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

test: lint typecheck pytest

# Benchmarks: `make bench DB=postgres SCALE=100000` (see docs/PERFORMANCE.md).
DB ?= sqlite
SCALE ?= 100000
bench: install
	$(BIN)/python -m bench.run --db $(DB) --scale $(SCALE)

bench-load: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	$(BIN)/python -m bench.load.run --db $(DB) --scale $(SCALE)

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache

# Two nodes behind HAProxy, one killed mid-run (docs/DEPLOY.md, docs/PERFORMANCE.md).
# Needs PostgreSQL on 127.0.0.1, haproxy and redis-server; under 10 minutes.
CLUSTER_SCALE ?= 2000
POOL ?= pgbouncer
bench-cluster: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	$(BIN)/python -m bench.cluster_run --scale $(CLUSTER_SCALE) --pool $(POOL)
