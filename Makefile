# One entry point for people and CI. `make serve` and `make test` do all the set-up they need.
PY          ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
# Plain log lines: each clip problem stays on one line, as editors and CI logs expect.
PELICAN     := $(BIN)/pelican --log-handler plain
INPUTDIR    := content
OUTPUTDIR   := output
CONFFILE    := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT        ?= 8000
BIND        ?= 127.0.0.1
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv venv-test system-deps html publish serve test test-quick lint check clean

# `make help` lists every target that has a `## ` comment on its line, here and in mk/*.mk.
help:
	@echo "Usage: make TARGET   (the README's two commands: make serve, make test)"
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | \
	  sed -E 's/^([a-z-]+):.*## (.*)$$/\1\t\2/' | \
	  awk -F '\t' '{ printf "  make %-18s %s\n", $$1, $$2 }'

# The virtual environment is (re)installed whenever a pinned requirements file changes, in two
# layers: `make html`/`make serve`/`make publish` install only the site build's needs
# (requirements/site.txt); `make test`, `make lint` and `make bench` add the test tools
# (requirements/test.txt, which includes site.txt). The Pages workflow passes
# REQUIREMENTS=requirements/site.txt, which is the default.
REQUIREMENTS      ?= requirements/site.txt
TEST_REQUIREMENTS ?= requirements/test.txt
stamp = $(VENV)/.installed-$(subst /,-,$(1))
$(VENV)/.installed-requirements-%: requirements/*.txt plugins/*/pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements/$*
	touch $@

venv: $(call stamp,$(REQUIREMENTS))  ## install only what the site build needs into .venv/
venv-test: $(call stamp,$(TEST_REQUIREMENTS))  ## add the test tools to .venv/

# Debian packages the tests need (listed in .ci/apt/*.txt); installed only when missing.
system-deps:  ## install the Debian packages the tests need (.ci/apt/*.txt)
	@bash .ci/apt-install

html: venv  ## build the site into output/
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

publish: venv  ## build for production with publishconf.py
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF)

# Builds, serves and rebuilds on every change (tools/dev.py). Each build goes into a fresh folder
# that replaces output/ in one step once it has finished, so the server never sees a half-built or
# wiped tree; a failed build (a settings typo) is reported, the last good site stays served and the
# watch goes on. Clip mistakes are logged but do not stop the server (AUDIO_CLIPS_STRICT=false).
serve: venv  ## build, serve at http://localhost:8000 and rebuild on every change
	$(BIN)/python tools/dev.py --host $(BIND) --port $(PORT) \
	  --watch $(INPUTDIR) --watch $(CONFFILE) --watch theme --watch media --watch plugins -- \
	  $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -e 'AUDIO_CLIPS_STRICT=false'

# Validates every clip's front matter and media without building (same messages as the build).
check: venv  ## validate every clip's front matter and audio without building
	$(BIN)/pelican-audio-clips check $(INPUTDIR) -s $(CONFFILE)

lint: venv-test  ## ruff lint and format check (and ESLint)
	$(BIN)/ruff check plugins tests tools bench *.py
	$(BIN)/ruff format --check plugins tests tools bench *.py

# Both cores: pytest-xdist's workers each build the shared sites once and share one browser.
TEST_WORKERS ?= 2
# requirements/test.txt includes site.txt, so the site's needs are installed too: their stamp is
# renewed, or the first test that runs `make html` would wait for pip to find that out (9 s).
test: venv-test system-deps  ## run the whole test suite (installs what it needs; about 10 min)
	@if grep -qx -- '-r $(notdir $(REQUIREMENTS))' $(TEST_REQUIREMENTS); then \
	  touch $(call stamp,$(REQUIREMENTS)); fi
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The inner loop: every plugin and site unit test, on both cores, without a browser, Java or Node
# and without installing anything (it uses the .venv that `make test` or `make venv-test` made).
QUICK_PATHS ?= plugins/audio-clips/tests plugins/theme-assets/tests plugins/site-extras/tests \
  tests/content tests/docs tests/theme tests/media tests/notation tests/tools tests/repo
test-quick:  ## plugin and site unit tests only: no browser, nothing installed (about a minute)
	@test -x $(BIN)/pytest || { echo "make test-quick uses the test tools: run 'make venv-test' once"; exit 2; }
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser and not slow" \
	  $(wildcard $(QUICK_PATHS)) $(PYTEST_ARGS)

clean:  ## remove output/ and caches
	rm -rf $(OUTPUTDIR) cache .pytest_cache

# Areas add their own targets here (clips, bench, check, …).
-include mk/*.mk
