# `make demo` and `make test` work from a clean clone with only Python 3.11 and pip:
# each creates .venv when missing, installs the hash-locked installer (requirements-bootstrap.lock)
# into it, then the hash-locked dependencies with that installer.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip reads the locks in hash-checking mode; the system's pip only ever installs the bootstrap lock,
# which pins nothing but pip and setuptools (no dependencies, no extras for an old resolver to trip on).
PIP_INSTALL = python -m pip install --quiet --disable-pip-version-check --require-hashes
# The locking tool, in a venv of its own so the project's venv never holds it.
LOCK_VENV := .venv-lock
CHECK_VENV := .venv-check
PIP_TOOLS := pip-tools==7.7.0
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

.PHONY: demo test lint lock check-lock clean screenshot bench eval fuzz

$(STAMP): requirements-bootstrap.lock requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/$(PIP_INSTALL) -r requirements-bootstrap.lock
	$(BIN)/$(PIP_INSTALL) -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/chronicle demo

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The fuzz tests with 100,000 inputs to the readers and the cleaning and 10,000 whole ingests (make test runs 300).
fuzz: $(STAMP)
	CHRONICLE_FUZZ_EXAMPLES=100000 $(BIN)/python -m pytest -q tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

# Regenerate both locks after editing requirements-bootstrap.in or requirements.in; pins already in a lock
# are kept unless `make lock LOCK_ARGS=--upgrade` (or LOCK_ARGS="--upgrade-package NAME").
lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/$(PIP_INSTALL) -r requirements-bootstrap.lock
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(PIP_TOOLS)
	$(PIP_COMPILE) -o requirements-bootstrap.lock requirements-bootstrap.in
	$(PIP_COMPILE) -o requirements.lock requirements.in

# Install both locks into a throwaway venv made by the system Python, as a fresh clone would, and fail
# when the lock misses a package, a version or an extra that something in it requires.
check-lock:
	rm -rf $(CHECK_VENV) && $(PYTHON) -m venv $(CHECK_VENV)
	$(CHECK_VENV)/bin/python -m pip --version
	$(CHECK_VENV)/bin/$(PIP_INSTALL) -r requirements-bootstrap.lock
	$(CHECK_VENV)/bin/python -m pip --version
	$(CHECK_VENV)/bin/$(PIP_INSTALL) -r requirements.lock
	$(CHECK_VENV)/bin/python -m pip check
	$(CHECK_VENV)/bin/python -m pytest -q -p no:cacheprovider --noconftest tests/test_dependencies.py
	rm -rf $(CHECK_VENV)

clean:
	rm -rf $(VENV) $(LOCK_VENV) $(CHECK_VENV) chronicle.db

# Regenerate the README's picture of the web view (needs /usr/bin/chromium).
screenshot: $(STAMP)
	$(BIN)/python scripts/web_screenshot.py

# Benchmarks side by side with their baselines; writes docs/BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.web_load
	$(BIN)/python -m benchmarks.cli_startup

# Every evaluation suite on ../shared/data; writes docs/EVALUATION.md.
eval: $(STAMP)
	$(BIN)/chronicle eval all
