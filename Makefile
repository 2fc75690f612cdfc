# `make demo` and `make test` work from a clean clone with only Python 3.11 and pip:
# each creates .venv when missing and installs the hash-locked dependencies first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint lock clean screenshot bench eval

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/chronicle demo

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

# Regenerate the lock file after editing requirements.in (needs pip-tools in another environment).
lock:
	pip-compile --generate-hashes --allow-unsafe -o requirements.lock requirements.in

clean:
	rm -rf $(VENV) chronicle.db

# Regenerate the README's picture of the web view (needs /usr/bin/chromium).
screenshot: $(STAMP)
	$(BIN)/python scripts/web_screenshot.py

# Benchmarks side by side with their baselines; writes docs/BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Every evaluation suite on ../shared/data; writes docs/EVALUATION.md.
eval: $(STAMP)
	$(BIN)/chronicle eval all
