# The two commands in the README: `make run` and `make test`. Everything else is a helper.
SHELL  := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test install web lint clean

run: install web
	$(PY) -m opentok run

test: install web
	bash testing/run_tests.sh

install: $(STAMP)

# Reinstall only when the dependency list changes. torch is pinned in the `ml` extra.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# (pip warns about every missing local mirror folder; keep the log readable)
	$(PY) -m pip install -q --disable-pip-version-check -e ".[ml,dev]" 2>&1 | { grep -v '^WARNING: Location' || true; }
	touch $(STAMP)

# Build the React apps when their sources exist (the gateway serves the builds).
web:
	@for app in frontend admin; do \
		if [ -f $$app/package.json ]; then bash testing/build_web.sh $$app || exit 1; fi; \
	done

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf var .pytest_cache
