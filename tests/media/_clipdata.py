"""Shared helpers for the clip library's tests: published clips are decoded once per session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import soundfile
import yaml

ROOT = Path(__file__).resolve().parents[2]
CLIPS = ROOT / "media" / "clips"


def published_stems() -> list[str]:
    """Every stem with a published Opus or MP3 file."""
    return sorted({p.stem for p in CLIPS.glob("*.opus")} | {p.stem for p in CLIPS.glob("*.mp3")})


@cache
def decoded(path: Path) -> tuple[np.ndarray, int]:
    """Decode a published file with libsndfile (as bundled by soundfile): no ffmpeg needed."""
    audio, rate = soundfile.read(path, dtype="float64", always_2d=True)
    return audio, rate


@cache
def catalog() -> dict[str, dict]:
    """The catalogue entries by stem."""
    data = yaml.safe_load((CLIPS / "catalog.yaml").read_text(encoding="utf-8"))
    return {entry["stem"]: entry for entry in data["clips"]}
