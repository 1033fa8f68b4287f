# Benchmarks (not tests): page weight before play and Lighthouse scores of the built essay.
# `make bench` builds the site, then prints both reports. Lighthouse 12 comes from npm, pinned in
# bench/lighthouse/package-lock.json, and runs offline against Debian's Chromium.
.PHONY: bench bench-weight bench-lighthouse

BENCH_LH := bench/lighthouse

$(BENCH_LH)/node_modules/.installed: $(BENCH_LH)/package-lock.json
	npm ci --prefix $(BENCH_LH) --no-audit --no-fund --ignore-scripts
	touch $@

bench-weight: html system-deps
	$(BIN)/python bench/page_weight.py $(OUTPUTDIR) --page essay/

bench-lighthouse: html system-deps $(BENCH_LH)/node_modules/.installed
	$(BIN)/python $(BENCH_LH)/run.py $(OUTPUTDIR) --page essay/ --page '' --page about/ --page credits/

bench: bench-weight bench-lighthouse
