# The two set-up commands: `make run` (install + main job on the bundled samples) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-api eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build this machine's pip finds locally (an unpinned torch pulls a CUDA build)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

SAMPLES := samples/ukraine-russia-2025-04-20.txt
SAMPLE_DB := sqlite:///eventwire.db
# `make run SERVE=no` stops after the ingest (no server).
SERVE ?= yes

## Install everything; read the bundled sample page; store it in SQLite (summary of stories and
## events); then serve the dashboard and the API on http://127.0.0.1:8000/ (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/eventwire extract $(SAMPLES)
	$(BIN)/eventwire ingest $(SAMPLES) --db $(SAMPLE_DB)
ifeq ($(SERVE),yes)
	@echo "Dashboard: http://127.0.0.1:8000/  (API: /api/events, docs: /docs)"
	$(BIN)/eventwire serve --db $(SAMPLE_DB) --host 127.0.0.1 --port 8000
endif

# Debian's Chromium and ChromeDriver for the dashboard's browser tests (Playwright drives /usr/bin/chromium).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver

## Tests and lint (what CI runs).
test: $(STAMP) $(CHROMIUM)
	$(BIN)/pytest
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## Accuracy on the development halves in ../shared/data (not part of the tests' timing).
eval: $(STAMP)
	$(BIN)/eventwire eval extraction ../shared/data/article-extraction

# wrk, the HTTP load generator of the API benchmark (Debian package).
WRK := /usr/bin/wrk
$(WRK):
	$(SUDO) apt-get update -q
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk

## Load on the API: 100,000 synthetic events in SQLite, 50 clients, SSE to 100 clients.
bench-api: $(STAMP) $(WRK)
	$(BIN)/python benchmarks/api_load.py --db sqlite:///bench-api.db --events 100000 --duration 30 --workers 2

## Throughput and peak memory benchmarks.
bench: $(STAMP)
	$(BIN)/python benchmarks/extraction_throughput.py ../shared/data/article-extraction

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
