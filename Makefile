# Tremplin — the two commands of the README (`make run`, `make test`) and a few helpers.
# Needs only python3 and make: uv is installed with pip into .uv/ when missing.

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py
HOST ?= 127.0.0.1:8000

I18N_IGNORE := --ignore=.venv --ignore=.uv --ignore=var --ignore=staticfiles --ignore=scripts --ignore=bench

.PHONY: run worker test test-days lint bench messages translations clean

.uv/bin/uv:
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

# Compiled catalogues are built, not committed; babel compiles without GNU gettext.
messages: .venv/.synced
	@$(RUN) pybabel compile --statistics -d locale -D django 2>&1 | grep -v "^compiling" || true

run: .venv/.synced messages
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo --if-empty
	@echo ""
	@echo "Tremplin est servi sur http://$(HOST)/, avec un travailleur de la file et le planificateur  (Ctrl-C pour arrêter)"
	$(MANAGE) serve_demo $(HOST)

# A queue worker alone (beside a web server started otherwise).
worker: .venv/.synced messages
	$(MANAGE) db_worker --queue-name '*'

lint: .venv/.synced
	$(RUN) ruff check .
	$(RUN) ruff format --check --quiet .
	$(RUN) lint-imports --no-cache

# Two test processes by default (pytest-xdist): the suite is sized for a 2-core machine.
TEST_WORKERS ?= 2
test: lint messages
	@mkdir -p var
	$(RUN) pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The suite again on days where date arithmetic breaks (every test is pinned to a day, see
# tremplin/conftest.py); the browser tests, Schemathesis and the walks of every route as every
# role (who may see what: the same on any day) are left to `make test`.
HARD_DAYS ?= 2026-12-01 2026-12-31 2028-02-29
test-days: messages
	@mkdir -p var
	@for day in $(HARD_DAYS); do \
		echo "== tests on $$day"; \
		TREMPLIN_TODAY=$$day $(RUN) pytest -n $(TEST_WORKERS) -m "not browser and not schemathesis and not walk" -q $(PYTEST_ARGS) || exit 1; \
	done

bench: .venv/.synced messages
	@mkdir -p var
	$(RUN) python -m bench $(BENCH_ARGS)

# Refresh the French catalogue after changing strings (needs GNU gettext's xgettext).
translations: .venv/.synced
	$(MANAGE) makemessages -l fr -l en --no-obsolete --add-location file $(I18N_IGNORE)

clean:
	rm -rf .venv .uv var staticfiles
