# Exhale: `make run` to use it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/exhale
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# The PostgreSQL pass restarts that Redis server once (a test of losing the broker); set it
# empty (make test REDIS_RESTART=) where the Redis server is shared.
REDIS_RESTART ?= 1
PYTEST_ARGS ?=


.PHONY: screenshots run install test test-sqlite test-postgres test-fast browser bench bench-18 bench-scale lint migrate clean fuzz load

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[ml,dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	@scripts/run.sh

migrate: install
	$(BIN)/python manage.py migrate --noinput

browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The whole suite, twice and at once (each pass waits on its browser, worker and database much
# of the time, so two share two cores well): on SQLite with the filesystem broker, and on
# PostgreSQL + Redis (the recipes-at-every-size training tests, whose outcome no database
# changes, run once). Each pass has its own var dir (database or broker files, media, pytest's
# temporary files, worker logs, screenshots); only the PostgreSQL pass uses Redis, so only it
# may restart Redis. Each pass's output is printed whole when it ends.
test: install browser
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite:
	rm -rf var/test-sqlite
	EXHALE_VAR_DIR=$(CURDIR)/var/test-sqlite DATABASE_URL= REDIS_URL= \
	  $(BIN)/pytest --basetemp=$(CURDIR)/var/test-sqlite/tmp $(PYTEST_ARGS)

test-postgres:
	rm -rf var/test-postgres
	EXHALE_VAR_DIR=$(CURDIR)/var/test-postgres DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) \
	  EXHALE_TEST_REDIS_RESTART=$(REDIS_RESTART) $(BIN)/pytest -m "not training" \
	  --basetemp=$(CURDIR)/var/test-postgres/tmp $(PYTEST_ARGS)

# Quick loop while developing: SQLite only, no browser tests.
test-fast: install
	rm -rf var/test-fast
	EXHALE_VAR_DIR=$(CURDIR)/var/test-fast DATABASE_URL= REDIS_URL= \
	  $(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

# Refresh the README's pictures from the browser tests.
screenshots: install browser
	rm -rf var/test-shots
	EXHALE_VAR_DIR=$(CURDIR)/var/test-shots EXHALE_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots \
	  DATABASE_URL= REDIS_URL= $(BIN)/pytest tests/e2e -q

# The long API fuzz: many random examples per operation, anonymous and with a token.
fuzz: install
	rm -rf var/test-fuzz
	EXHALE_VAR_DIR=$(CURDIR)/var/test-fuzz EXHALE_FUZZ_EXAMPLES=$${EXHALE_FUZZ_EXAMPLES:-150} \
	  EXHALE_FUZZ_RANDOM=1 EXHALE_FUZZ_REPORT=$(CURDIR)/var/test-fuzz/report.txt \
	  DATABASE_URL= REDIS_URL= $(BIN)/pytest tests/hardening/test_api_fuzz.py -q
	@cat var/test-fuzz/report.txt

# 50 learners for 2 minutes against gunicorn + worker + PostgreSQL + Redis (loopback only).
load: install
	scripts/services.sh
	$(BIN)/pip install --quiet 'locust>=2.20,<3'
	$(BIN)/python bench/load/run_load.py

bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench

# Only the benchmarks behind issue 18's table (cached pages, Today/stats, training), with it.
bench-18: install
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench portfolio badges today responsive

# 10,000 learners against 100 on the PostgreSQL at SCALE_PG (databases exhale_scale_bench and
# exhale_scale_bench_100, kept between runs: SCALE_ARGS=--rebuild makes them again). Not in `test`.
SCALE_PG ?= postgres://postgres@127.0.0.1:5432
bench-scale: install
	SCALE_PG=$(SCALE_PG) $(BIN)/python -m bench.scale $(SCALE_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf var/test-* var/celery var/cache
