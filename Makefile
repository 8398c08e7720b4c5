# Thin wrappers around the README's commands; the logic lives in Python and npm scripts.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
PYTEST_ARGS ?=
# Installs are editable: code changes need no reinstall, only pyproject.toml (dependencies, entry
# points, version) does. A stamp in the venv keeps the pyproject.toml it was installed from, by
# content (a release copied with its old mtimes, cp -p or rsync -a, still counts as changed), so
# `make serve` starts at once instead of running pip (7 s) every time.
PYPROJECT_SHA = $(shell python3 -c "import hashlib; print(hashlib.sha256(open('pyproject.toml', 'rb').read()).hexdigest())")
RUNTIME_STAMP := $(VENV)/.tonefall-runtime-installed
DEV_STAMP := $(VENV)/.tonefall-dev-installed
DEV_EXTRAS := .[train,dev,cluster]
TEST_STAMP := $(VENV)/.tonefall-test-installed
TEST_EXTRAS := .[dev]

# $(1): what to install (pip -e), $(2): its stamp
define install_once
	@if [ "$$(cat $(2) 2>/dev/null)" != "$(PYPROJECT_SHA)" ]; then \
		echo "pip install -e '$(1)' (pyproject.toml changed or first install)"; \
		$(PIP) install --quiet -e '$(1)' && echo $(PYPROJECT_SHA) > $(2); \
	fi
endef

.PHONY: serve setup setup-dev system-deps extension test test-fast test-runtime bench

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

setup: $(PY)  ## run-time install only (no torch); pip runs again only when pyproject.toml changed
	$(call install_once,.,$(RUNTIME_STAMP))

serve: setup  ## install (when needed) and start the service with the shipped model
	$(VENV)/bin/tonefall serve

setup-dev: $(PY)  ## everything the tests need: training extra, the Spark job's extra, test tools (also only when needed)
	$(call install_once,$(DEV_EXTRAS),$(DEV_STAMP))
	@echo $(PYPROJECT_SHA) > $(RUNTIME_STAMP) && echo $(PYPROJECT_SHA) > $(TEST_STAMP)

system-deps:  ## Debian Chromium for the browser tests, strace for the no-network test, systemd-analyze for the unit check, Java 17 for Spark (needs root or sudo)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
	@command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace; }
	@command -v systemd-analyze >/dev/null || { apt-get update -qq && apt-get install -y -qq systemd; }
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; }

extension:
	@if [ -f extension/package.json ]; then cd extension && npm ci --no-audit --no-fund && npm run build; fi

test: setup-dev system-deps extension  ## install everything and run the whole test suite
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup-dev  ## quick loop while developing: no slow, browser or Spark tests
	$(PY) -m pytest -m "not slow and not browser and not cluster" $(PYTEST_ARGS)

test-runtime: $(PY)  ## the run-time loop: no torch installed, no training, slow, browser, Spark or release tests
	$(call install_once,$(TEST_EXTRAS),$(TEST_STAMP))
	$(PY) -m pytest -m "not training and not slow and not browser and not release and not cluster" $(PYTEST_ARGS)

bench: setup-dev system-deps extension  ## print speed figures (training, service, report and Spark job, extension); asserts nothing
	$(PY) training/benchmarks/bench_training.py
	$(PY) server/benchmarks/bench_service.py
	$(PY) server/benchmarks/bench_report.py
	cd extension && npm run bench
