# One entry point for every developer task. `make demo` and `make test` are the quick start.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup assets system-deps demo test lint typecheck unit bench fidelity screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end assets (ECharts, htmx, the Noto Sans SC web font) come from the npm registry, pinned in
# package-lock.json, and are copied into the package's static folder: the app never loads anything
# from the internet.
VENDOR       := src/planwatch/web/static/vendor
ASSETS_STAMP := $(VENDOR)/.built
FONT_DIR     := node_modules/@fontsource/noto-sans-sc

$(ASSETS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/fonts/files
	cp node_modules/echarts/dist/echarts.min.js node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp $(FONT_DIR)/files/*-400-normal.woff2 $(FONT_DIR)/files/*-700-normal.woff2 $(VENDOR)/fonts/files/
	cat $(FONT_DIR)/400.css $(FONT_DIR)/700.css \
	  | sed -E "s/, url\([^)]*\.woff\) format\('woff'\)//" > $(VENDOR)/fonts/noto-sans-sc.css
	touch $@

assets: $(ASSETS_STAMP)

setup: $(STAMP) $(ASSETS_STAMP)

DEMO_DB := sqlite:///.demo/planwatch.db
DEMO    := $(BIN)/planwatch --database $(DEMO_DB)

# Loads both sample plans and the sample observations into a demo database under .demo/ (never the
# user's own database), creates an admin and a reporter for 市科技局 (passwords are printed once, on
# the first run), prints the status of the 14th plan and serves the app on http://127.0.0.1:8000.
# Safe to run again: imports are idempotent and existing accounts are kept.
DEMO_PORT ?= 8000

demo: setup
	$(DEMO) db upgrade
	$(DEMO) import examples/plans
	$(DEMO) observe import examples/data/wuhan_observations.csv --yes
	$(DEMO) user add admin --role admin --name 规划处 --if-missing
	$(DEMO) user add kjj --role reporter --department 市科技局 --name 市科技局填报员 --if-missing
	$(DEMO) indicator owners 高新技术企业数量 --department 市科技局
	$(DEMO) indicator owners 技术合同成交额 --department 市科技局
	$(DEMO) plans
	$(DEMO) status
	$(DEMO) serve --port $(DEMO_PORT)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

# Debian's chromium and CJK fonts for the browser tests (installed only when missing).
system-deps:
	bash scripts/system-deps.sh

unit: setup system-deps
	$(BIN)/pytest -q

test: lint typecheck unit

# Refreshes the README's screenshots from the browser tests (on purpose, not on every test run).
screenshots: setup system-deps
	$(BIN)/pytest -q tests/browser
	mkdir -p docs/screenshots
	cd build/screenshots && cp dashboard.png indicator.png outline.png task.png data-entry.png projects.png audit.png ../../docs/screenshots/

bench: setup
	$(BIN)/python bench/parse_throughput.py
	$(BIN)/python bench/growth.py
	$(BIN)/python bench/monitor_throughput.py
	$(BIN)/python bench/evaluation.py
	$(BIN)/python bench/compare.py
	@if command -v wrk >/dev/null; then $(BIN)/python bench/web_latency.py; \
	else echo "skipping bench/web_latency.py: it needs wrk (apt-get install wrk)"; fi

# Reading fidelity on the real documents of tests/golden/real (precision/recall per part; prints a table).
fidelity: setup
	$(BIN)/python bench/fidelity.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .demo node_modules $(VENDOR)
