# vigkit's one task runner. `make serve` and `make test` work on a fresh clone with only
# Python 3.11+ and make: each creates .venv and installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.vigkit-runtime
TESTDEPS := $(VENV)/.vigkit-test
SERVE_ARGS ?=
PYTEST_ARGS ?=

.PHONY: serve serve-team test test-quick bench lab lint typecheck browser postgres templates-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTDEPS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(RUNTIME)

## serve: set up and serve the workbooks on http://127.0.0.1:8866 (demo caseload if the store is empty)
serve: $(RUNTIME)
	$(BIN)/vigkit serve --demo-if-empty $(SERVE_ARGS)

## serve-team: a team on this machine: JupyterHub logins on http://127.0.0.1:8000, one vigkit server per person (demo team)
serve-team: $(TESTDEPS) postgres
	$(BIN)/vigkit team --demo $(SERVE_ARGS)

## postgres: make sure PostgreSQL's programs are here (vigkit starts its own cluster with them)
HAS_POSTGRES := $(BIN)/python -c "from vigkit.store.cluster import find_bin_dir; raise SystemExit(find_bin_dir() is None)"
postgres: $(TESTDEPS)
	@if $(HAS_POSTGRES); then \
		echo "postgres: $$($(BIN)/python -c 'from vigkit.store.cluster import find_bin_dir; print(find_bin_dir())')"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "postgres: installing Debian's postgresql"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "postgres: PostgreSQL is not installed; install it (Debian: apt-get install postgresql)"; \
		exit 1; \
	fi

## browser: make sure a Chromium is there for the browser tests
browser: $(TESTDEPS)
	@if [ -n "$$VIGKIT_CHROMIUM" ] && [ -x "$$VIGKIT_CHROMIUM" ]; then \
		echo "browser: $$VIGKIT_CHROMIUM"; \
	elif command -v chromium >/dev/null 2>&1; then \
		echo "browser: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "browser: installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "browser: installing Playwright's Chromium"; \
		$(BIN)/python -m playwright install chromium; \
	fi

## test: set up and run every test, browser tests included, after lint and type checks; the
## store's suite runs on SQLite and on a PostgreSQL cluster the tests start (and stop);
## the 30 slowest tests are listed at the end, to keep the suite short
test: $(TESTDEPS) browser postgres lint typecheck
	VIGKIT_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest --durations=30 $(PYTEST_ARGS)

## test-quick: everything but the browser tests
test-quick: $(TESTDEPS)
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

## bench: performance figures, printed as ratios against their targets
bench: $(TESTDEPS) browser
	$(BIN)/python benchmarks/run.py

## lab: JupyterLab on the templates, for trainers (JupyterLab is installed here: not a dependency)
lab: $(RUNTIME)
	$(BIN)/python -m pip install --quiet jupyterlab
	$(BIN)/vigkit lab templates/

templates-check: $(RUNTIME)
	$(BIN)/vigkit templates check

lint: $(TESTDEPS)
	$(BIN)/ruff check vigkit tests benchmarks
	$(BIN)/ruff format --check vigkit tests benchmarks

typecheck: $(TESTDEPS)
	$(BIN)/mypy vigkit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
