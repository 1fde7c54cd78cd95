# One entry point for every developer task. `make demo` and `make test` are the quick start.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

DEMO_DB := sqlite:///.demo/planwatch.db
DEMO    := $(BIN)/planwatch --database $(DEMO_DB)

# Loads both sample plans and the sample observations into a demo database under .demo/ (never the
# user's own database) and prints the status of the 14th plan. Safe to run again: imports are idempotent.
demo: setup
	$(DEMO) db upgrade
	$(DEMO) import examples/plans
	$(DEMO) observe import examples/data/wuhan_observations.csv --yes
	$(DEMO) plans
	$(DEMO) status

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

bench: setup
	$(BIN)/python bench/parse_throughput.py
	$(BIN)/python bench/monitor_throughput.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .demo
