# Two commands set everything up on a fresh machine with Python 3.11:
#   make run    - virtual environment, install, ingest the bundled examples, print a profile
#   make test   - the same set-up, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     := mmon-data/mmon.db   # the default of every mmon command (README, 'Using it')

.PHONY: install run lint test eval bench clean

$(BIN)/.installed: pyproject.toml
	@dpkg -s libicu-dev pkg-config >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libicu-dev pkg-config) \
	  || echo "warning: could not install libicu-dev (apt-get as root): PyICU, which followthemoney needs, will not build"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[model,test,export,postgres,cluster]'
	touch $@

# The browser tests drive Debian's chromium; Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Browser libraries for the web UI (Leaflet, Cytoscape.js, Chart.js, Natural Earth borders and provinces), pinned by
# web/package-lock.json, installed with the machine's node and npm and copied into serve/static/vendor.
VENDOR := militant_monitor/serve/static/vendor/.installed
$(VENDOR): web/package.json web/package-lock.json web/vendor.mjs militant_monitor/data/places.tsv
	@command -v npm >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm) \
	  || echo "warning: could not install node and npm (apt-get as root): the map and network pages fall back to static drawings"
	@if command -v npm >/dev/null; then cd web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && node vendor.mjs && touch ../$(VENDOR); fi

install: $(BIN)/.installed $(VENDOR)
	@command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium) \
	  || echo "warning: could not install chromium (apt-get as root): the browser tests will be skipped"

# ingest is idempotent: running it again on the same articles changes nothing
run: install
	$(BIN)/mmon ingest examples/articles --db $(DB)
	$(BIN)/mmon profile Shamsheer --db $(DB)

# style and types: ruff (config in pyproject.toml) and mypy ([tool.mypy] checks militant_monitor)
lint: install
	$(BIN)/python -m ruff check militant_monitor tests bench scripts
	$(BIN)/python -m mypy

# with MMON_TEST_PG (a PostgreSQL server: .ci/run starts one) the store, query, resolve, API and export
# tests run a second time, each store a database on that server (tests/pg_backend.py)
test: lint
	$(BIN)/python -m pytest -q
	@if [ -n "$$MMON_TEST_PG" ]; then echo "on PostgreSQL ($$MMON_TEST_PG):"; $(BIN)/python -m pytest -q --backend postgresql; fi

# the per-kind table (and per-rule precision) on the real dev articles, then every gold set against its floors
eval: install
	@if [ -d ../shared/eval/dev ]; then $(BIN)/mmon eval ../shared/eval/dev --by-rule; else echo "../shared/eval/dev is not here"; fi
	$(BIN)/python bench/eval_gate.py

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) mmon-data .pytest_cache
