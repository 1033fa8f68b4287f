"""Render MIDI to audio with FluidSynth and a free soundfont (needed by ``make clips`` only)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from .midi import Part, write_midi

RATE = 48000
SOUNDFONT = Path("/usr/share/sounds/sf3/MuseScore_General_Full.sf3")
"""Debian's musescore-general-soundfont (MIT; parts public domain or CC0)."""


class ToolMissing(RuntimeError):
    """A program the pipeline needs is not installed (run ``make clips-deps``)."""


def require(program: str) -> str:
    path = shutil.which(program)
    if not path:
        raise ToolMissing(f"{program} not found: run `make clips-deps` (installs it from Debian)")
    return path


def fluidsynth_options(reverb: dict | None = None) -> list[str]:
    """Command-line settings; part of every score clip's cache key."""
    r = {"room-size": 0.55, "damp": 0.35, "width": 0.9, "level": 0.6}
    r.update(reverb or {})
    opts = [
        "synth.dynamic-sample-loading=1",
        "synth.polyphony=512",
        "synth.chorus.active=0",
        "synth.reverb.active=1",
        *(f"synth.reverb.{k}={v}" for k, v in sorted(r.items())),
    ]
    return opts


def render_parts(parts: list[Part], end: float, *, reverb: dict | None = None, gain: float = 0.5):
    """Render parts to a float array (frames, 2) at :data:`RATE`; ``end`` + 3 s of decay."""
    fluid = require("fluidsynth")
    if not SOUNDFONT.exists():
        raise ToolMissing(f"{SOUNDFONT} missing: run `make clips-deps`")
    # a harmless controller 3 s after the music keeps FluidSynth rendering the decay
    parts[0].control(end + 3.0, 4, 0)
    with tempfile.TemporaryDirectory(prefix="clip-") as tmp:
        mid = Path(tmp) / "in.mid"
        wav = Path(tmp) / "out.wav"
        write_midi(mid, parts)
        cmd = [fluid, "-ni", "-q", "-r", str(RATE), "-g", str(gain), "-O", "float", "-T", "wav"]
        for opt in fluidsynth_options(reverb):
            cmd += ["-o", opt]
        cmd += ["-F", str(wav), str(SOUNDFONT), str(mid)]
        subprocess.run(cmd, check=True, capture_output=True)
        audio, rate = soundfile.read(wav, dtype="float64", always_2d=True)
    assert rate == RATE
    return np.asarray(audio)
