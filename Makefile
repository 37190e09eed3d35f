# 跨部門協作手冊 — every command bootstraps .venv from the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast check lock lint schema bench bench-edit bench-sync new-playbook new-checklist new-case new-department clean sync-deps vendor-pouchdb

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("需要 Python 3.11 以上 / Python >= 3.11 required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --editable .  # the handbook plugin's entry point
	@$(PY) tests/browser_setup.py
	@touch $(STAMP)

serve: $(STAMP)  ## build and serve on http://127.0.0.1:8000 with live reload; a save renders only what it changed
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

build: $(STAMP)  ## write the static site to site/
	$(PY) -m mkdocs build --strict

check: $(STAMP)  ## validate all content, printing every problem at once
	$(PY) -m macros check

lock: $(STAMP)  ## record the published checklist ids in checklists.lock.json (run when publishing)
	$(PY) -m macros lock

lint: $(STAMP)  ## Markdown lint of the hand-written pages and content bodies
	$(PY) -m pymarkdown --config .pymarkdown.json scan docs playbooks cases CONTRIBUTING.md README.md

schema: $(STAMP)  ## regenerate the JSON Schemas in schema/
	$(PY) -m macros schema

# make test spreads the test files over one worker per core plus one (browser, nginx and linkchecker tests spend
# much of their time waiting on their subprocesses); JOBS=1 runs them in one process.
JOBS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")

test: $(STAMP)  ## every test: content, models, renderers, strict build, links, browser
	$(PY) -m macros check
	$(PY) -m pytest -q -n $(JOBS) --dist loadfile

# The edit loop's tests: content checks, unit tests and one strict build (no browser, no server, no crawl).
FAST_TESTS := tests/content tests/domain tests/render tests/site/test_architecture.py tests/site/test_build.py

test-fast: $(STAMP)  ## the edit loop, under 90 s: content check, unit tests, one strict build (make test runs all)
	$(PY) -m macros check
	$(PY) -m pytest -q $(FAST_TESTS) -k "not linkchecker"

sync-deps:  ## install the pinned npm packages of shared projects into sync/node_modules (no install scripts)
	npm ci --ignore-scripts --no-audit --no-fund --prefix sync

vendor-pouchdb: sync-deps  ## rebuild docs/assets/vendor/pouchdb-browser.js from sync/node_modules and refresh sync/vendor.lock.json
	node sync/build-pouchdb.mjs --out docs/assets/vendor --lock sync/vendor.lock.json

bench: $(STAMP)  ## build-time and page-weight benchmark (see BENCHMARKS.md)
	$(PY) bench/run.py

bench-edit: $(STAMP)  ## the edit loop: save a playbook under serve, time until the page shows it
	$(PY) bench/edit_loop.py

bench-sync: $(STAMP)  ## shared projects under load: 50 members write 2,000 answers into one project (needs make sync-deps)
	$(PY) bench/sync_load.py

new-playbook: $(STAMP)  ## make new-playbook SLUG=weekly-sync TITLE=每週面對面溝通
	$(PY) -m macros new playbook "$(SLUG)" "$(TITLE)"

new-checklist: $(STAMP)
	$(PY) -m macros new checklist "$(SLUG)" "$(TITLE)"

new-case: $(STAMP)
	$(PY) -m macros new case "$(SLUG)" "$(TITLE)"

new-department: $(STAMP)
	$(PY) -m macros new department "$(SLUG)" "$(TITLE)"

clean:
	rm -rf site .cache test-artifacts
