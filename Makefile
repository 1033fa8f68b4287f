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
.PHONY: help venv venv-test system-deps html publish serve test lint check clean

help:
	@echo "make serve    build the site and serve it at http://localhost:$(PORT) (rebuilds on change)"
	@echo "make test     run the whole test suite"
	@echo "make html     build the site into $(OUTPUTDIR)/"
	@echo "make publish  build for production with $(PUBLISHCONF)"
	@echo "make check    validate every clip's front matter and audio without building"
	@echo "make clips    re-make every audio clip (and its notation) from the sources in media/"
	@echo "make bench    run the benchmarks"
	@echo "make clean    remove $(OUTPUTDIR)/ and caches"

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

venv: $(call stamp,$(REQUIREMENTS))
venv-test: $(call stamp,$(TEST_REQUIREMENTS))

# Debian packages the tests need (listed in .ci/apt/*.txt); installed only when missing.
system-deps:
	@bash .ci/apt-install

html: venv
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

publish: venv
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF)

# Builds, serves and rebuilds on every change (tools/dev.py). Each build goes into a fresh folder
# that replaces output/ in one step once it has finished, so the server never sees a half-built or
# wiped tree; a failed build (a settings typo) is reported, the last good site stays served and the
# watch goes on. Clip mistakes are logged but do not stop the server (AUDIO_CLIPS_STRICT=false).
serve: venv
	$(BIN)/python tools/dev.py --host $(BIND) --port $(PORT) \
	  --watch $(INPUTDIR) --watch $(CONFFILE) --watch theme --watch media --watch plugins -- \
	  $(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -e 'AUDIO_CLIPS_STRICT=false'

# Validates every clip's front matter and media without building (same messages as the build).
check: venv
	$(BIN)/pelican-audio-clips check $(INPUTDIR) -s $(CONFFILE)

lint: venv-test
	$(BIN)/ruff check plugins tests tools bench *.py
	$(BIN)/ruff format --check plugins tests tools bench *.py

test: venv-test system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(OUTPUTDIR) cache .pytest_cache

# Areas add their own targets here (clips, bench, check, …).
-include mk/*.mk
