# reskontro — the commands a developer and CI run. Each sets up .venv by itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean venv screenshots

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

# The main pages at 1 400 and 390 px with the demo data, into artifacts/screenshots/
# (committed; docs/web.md shows them). Needs Debian's chromium.
screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) var/*.sqlite*
