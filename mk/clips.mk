# The clip library (docs/clips.md). `make clips` re-renders every clip whose inputs changed.
CLIPS_APT := fluidsynth musescore-general-soundfont ffmpeg
CLIPS_ARGS ?=

.PHONY: clips clips-deps clips-force

$(VENV)/.media-installed: requirements/media.txt requirements/test-media.txt | venv
	$(BIN)/python -m pip install --quiet -r requirements/media.txt
	touch $@

# Debian packages for rendering (installed only when missing), and the Python extras.
clips-deps: $(VENV)/.media-installed  ## install the media tools (fluidsynth, soundfont, ffmpeg, numpy)
	@missing=""; for p in $(CLIPS_APT); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  echo "Installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clips: clips-deps  ## re-make every audio clip whose sources changed (docs/clips.md)
	$(BIN)/python -m tools.clips $(CLIPS_ARGS)

clips-force: clips-deps  ## re-make every audio clip
	$(BIN)/python -m tools.clips --force $(CLIPS_ARGS)
