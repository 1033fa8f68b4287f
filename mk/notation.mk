# Engraved notation (docs/notation.md). `make notation` engraves every clip named in
# media/notation/recipes.yaml whose inputs changed; `make clips` runs it too.
# Verovio (requirements/notation.txt) is needed here only, never by `make html`.
NOTATION_ARGS ?=

.PHONY: notation notation-force

$(VENV)/.notation-installed: requirements/notation.txt requirements/media.txt requirements/test-media.txt | venv
	$(BIN)/python -m pip install --quiet -r requirements/notation.txt
	touch $@

# FluidSynth (from clips-deps) renders a clip once when its audio changed, to measure exactly
# how much silence the pipeline trims from the start, so the timemap matches the published file.
notation: clips-deps $(VENV)/.notation-installed  ## engrave the notation of score-based clips (docs/notation.md)
	$(BIN)/python -m tools.notation $(NOTATION_ARGS)

notation-force: clips-deps $(VENV)/.notation-installed  ## engrave every notation strip again
	$(BIN)/python -m tools.notation --force $(NOTATION_ARGS)

clips: notation
