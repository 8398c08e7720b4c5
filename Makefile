# Thin wrappers around the README's commands; the logic lives in Python and npm scripts.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PYTEST_ARGS ?=

.PHONY: serve setup setup-dev system-deps extension test test-fast bench

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

setup: $(PY)  ## run-time install only (no torch)
	$(PIP) install --quiet -e .

serve: setup  ## install and start the service with the shipped model
	$(VENV)/bin/tonefall serve

setup-dev: $(PY)  ## everything the tests need: training extra, the Spark job's extra, test tools
	$(PIP) install --quiet -e '.[train,dev,cluster]'

system-deps:  ## Debian Chromium for the browser tests, strace for the no-network test, Java 17 for Spark (needs root or sudo)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
	@command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace; }
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; }

extension:
	@if [ -f extension/package.json ]; then cd extension && npm ci --no-audit --no-fund && npm run build; fi

test: setup-dev system-deps extension  ## install everything and run the whole test suite
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup-dev  ## quick loop while developing: no slow, browser or Spark tests
	$(PY) -m pytest -m "not slow and not browser and not cluster" $(PYTEST_ARGS)

bench: setup-dev system-deps extension  ## print speed figures (training, service, report and Spark job, extension); asserts nothing
	$(PY) training/benchmarks/bench_training.py
	$(PY) server/benchmarks/bench_service.py
	$(PY) server/benchmarks/bench_report.py
	cd extension && npm run bench
