# Benchmarks (not tests): `make bench` builds the site, then runs everything in bench/:
#   bench-weight      page weight of the essay before play (bench/page_weight.py)
#   bench-lighthouse  Lighthouse 12 scores, offline, Debian's Chromium (bench/lighthouse/)
#   bench-scripts     every bench/bench_*.py (build overhead, latency, check, media, time to sound,
#                     dev server under 500 concurrent Range requests);
#                     BENCH_ARGS is passed to each, e.g. `make bench BENCH_ARGS=--quick`.
#   bench-versus      the plugin's cost beside an earlier commit, in instructions (bench/versus.py;
#                     not part of `make bench`: it takes about half an hour under valgrind),
#                     e.g. `make bench-versus VERSUS_ARGS='--base e709c2d --rounds 3'`
# Lighthouse comes from npm, pinned in bench/lighthouse/package-lock.json.
.PHONY: bench bench-weight bench-lighthouse bench-scripts bench-versus

BENCH_LH      := bench/lighthouse
BENCH_SCRIPTS := $(sort $(wildcard bench/bench_*.py))
BENCH_ARGS    ?=

$(BENCH_LH)/node_modules/.installed: $(BENCH_LH)/package-lock.json
	npm ci --prefix $(BENCH_LH) --no-audit --no-fund --ignore-scripts
	touch $@

bench-weight: html system-deps  ## page weight of the essay before and after play
	$(BIN)/python bench/page_weight.py $(OUTPUTDIR) --page essay/

bench-lighthouse: html system-deps $(BENCH_LH)/node_modules/.installed  ## Lighthouse scores, offline
	$(BIN)/python $(BENCH_LH)/run.py $(OUTPUTDIR) --page essay/ --page '' --page about/ --page credits/ --page sources/

bench-scripts: venv-test system-deps  ## every bench/bench_*.py (BENCH_ARGS=--quick for a short run)
	@for script in $(BENCH_SCRIPTS); do \
	  echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; \
	done

bench: bench-weight bench-lighthouse bench-scripts  ## run every benchmark and print the figures (BENCHMARKS.md)

VERSUS_ARGS ?=
bench-versus: venv-test  ## the plugin's cost beside an earlier commit, under valgrind (about 30 min)
	@bash .ci/apt-install valgrind
	$(BIN)/python bench/versus.py $(VERSUS_ARGS)
