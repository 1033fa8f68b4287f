"""Encode the normalised audio as Opus-in-Ogg and MP3 with ffmpeg (``make clips`` only)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile

# The encoder settings are the plugin's (`pelican-audio-clips prepare` encodes with the same):
# Opus ~96 kbit/s constrained VBR, LAME VBR -q:a 4, bit-exact (reproducible) output.
from pelican.plugins.audio_clips.transcode import BITEXACT as COMMON
from pelican.plugins.audio_clips.transcode import MP3_ARGS, OPUS_ARGS

from .render import require


def encode(audio: np.ndarray, rate: int, opus: Path, mp3: Path) -> None:
    """Write ``audio`` (frames, channels) to both published formats."""
    ffmpeg = require("ffmpeg")
    with tempfile.TemporaryDirectory(prefix="clip-enc-") as tmp:
        wav = Path(tmp) / "in.wav"
        soundfile.write(wav, audio, rate, subtype="FLOAT")
        for out, args in ((opus, OPUS_ARGS), (mp3, MP3_ARGS)):
            tmp_out = Path(tmp) / out.name
            cmd = [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), *COMMON, *args]
            subprocess.run([*cmd, str(tmp_out)], check=True)
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp_out.replace(out)


def decode(path: Path) -> tuple[np.ndarray, int]:
    """Decode a published file with libsndfile (as the tests and any reader would)."""
    audio, rate = soundfile.read(path, dtype="float64", always_2d=True)
    return audio, rate
