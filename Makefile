# The commands people type. `make help` lists them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
# Debian packages the tests need beyond Python: a browser, a JRE (HermiT), libseccomp.
SYSTEM_NEEDS := chromium:chromium java:default-jre-headless

.PHONY: help serve build test test-fast system lint format clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(RUNTIME): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(RUNTIME)  ## set up, build the graph if missing, serve it on http://127.0.0.1:8000 (GTKG_PORT=8001 to change)
	$(BIN)/gtkg serve

build: $(RUNTIME)  ## (re)build the embedded store from the curated sources
	$(BIN)/gtkg build

system:  ## install the Debian packages the tests need (as root), or name them and stop
	@missing=""; \
	for need in $(SYSTEM_NEEDS); do \
	  command -v $${need%%:*} >/dev/null 2>&1 || missing="$$missing $${need#*:}"; \
	done; \
	/sbin/ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2' || missing="$$missing libseccomp2"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "the tests need these Debian packages; install them first: apt-get install$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

test: system $(STAMP)  ## set up (system packages too, as root) and run ruff and the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# pytest exits 5 when it collected no tests: that is a failure, not a pass
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$rc

test-fast: $(STAMP)  ## the suite without full builds of the reference layer and without the browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no tests" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## apply ruff formatting
	$(BIN)/ruff format .

clean:  ## remove the virtualenv and built stores
	rm -rf $(VENV) .gtkg
