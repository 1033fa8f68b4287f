"""Encode the normalised audio as Opus-in-Ogg and MP3 with ffmpeg (``make clips`` only)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from .render import require

OPUS_ARGS = ["-c:a", "libopus", "-b:a", "96k", "-vbr", "constrained", "-application", "audio"]
# VBR: LAME's 128k CBR mode was measured here to lower the level by 0.46 dB; -q:a 4 keeps it
MP3_ARGS = ["-c:a", "libmp3lame", "-q:a", "4", "-write_xing", "1"]
# bit-exact: no random Ogg serial numbers, no encoder-version strings, so output is reproducible
COMMON = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]


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
