# The commands people type. `make help` lists them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help serve build test lint format clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## set up, build the graph if missing, serve it on http://127.0.0.1:8000
	$(BIN)/gtkg serve

build: $(STAMP)  ## (re)build the embedded store from the curated sources
	$(BIN)/gtkg build

test: $(STAMP)  ## set up and run the whole test suite
	$(BIN)/ruff check .
	@# pytest exits 5 when it collected no tests: that is a failure, not a pass
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## apply ruff formatting
	$(BIN)/ruff format .

clean:  ## remove the virtualenv and built stores
	rm -rf $(VENV) .gtkg
