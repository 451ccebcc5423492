# yanit — two commands: `make run` and `make test`.
VENV      := .venv
PY        := $(VENV)/bin/python
DATA_DIR  ?= ./yanit-data
HOST      ?= 127.0.0.1
PORT      ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test lint typecheck pytest pytest-sqlite pytest-postgres bench messages widget clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(tools/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(VENV)/.installed
	@YANIT_DATA_DIR=$(DATA_DIR) $(VENV)/bin/yanit migrate >/dev/null
	@YANIT_DATA_DIR=$(DATA_DIR) YANIT_DEMO=true $(VENV)/bin/yanit demo
	@echo "Open http://$(HOST):$(PORT)/ in your browser."
	YANIT_DATA_DIR=$(DATA_DIR) YANIT_DEMO=true $(VENV)/bin/yanit serve --host $(HOST) --port $(PORT) --no-migrate

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check yanit tests bench
	$(VENV)/bin/ruff format --check yanit tests bench
	$(VENV)/bin/lint-imports
	$(PY) -m yanit.tools.messages check

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy yanit

# The whole suite on SQLite, then again on PostgreSQL (tests that need Redis use REDIS_URL).
pytest-sqlite: $(VENV)/.installed
	YANIT_TEST_REDIS_URL=$(REDIS_TEST_URL) $(VENV)/bin/pytest -q -n 2 --dist loadgroup

pytest-postgres: $(VENV)/.installed
	DATABASE_URL=$(PG_TEST_URL) YANIT_TEST_REDIS_URL=$(REDIS_TEST_URL) $(VENV)/bin/pytest -q -n 2 --dist loadgroup -m "not browser"

pytest: pytest-sqlite pytest-postgres

test: lint typecheck pytest

bench: $(VENV)/.installed
	$(PY) -m bench.run

# Rebuilds the committed live chat widget (yanit/connectors/webchat/static/webchat/widget.min.js).
widget: $(VENV)/.installed
	$(PY) -m yanit.connectors.webchat.widget.build

messages: $(VENV)/.installed
	$(PY) -m yanit.tools.messages compile

clean:
	rm -rf $(VENV) .test-data
