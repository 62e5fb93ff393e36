# reskontro — the commands a developer and CI run. Each sets up .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/reskontro serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	@mkdir -p var
	$(BIN)/pytest -q -p no:cacheprovider --doctest-modules --ignore=src/reskontro/storage/migrations src
	$(BIN)/pytest -n 2 --cov=reskontro --cov-report=term --cov-report=json:var/coverage.json
	$(BIN)/python tools/coverage_floor.py var/coverage.json

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/*.sqlite*
